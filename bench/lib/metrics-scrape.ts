// reads the emperor's own event-loop delay from its --metrics endpoint (prom-client's monitorEventLoopDelay)
import {request} from 'node:http';

// GETs /metrics and returns every sample line as name → value (labels are not needed here)
export const scrapeMetrics = (address: string): Promise<Map<string, number>> =>
	new Promise((resolve, reject) => {
		const [host, port] = [address.slice(0, address.lastIndexOf(':')), Number(address.slice(address.lastIndexOf(':') + 1))];
		request({host, port, path: '/metrics', agent: false}, function onMetrics(response) {
			let text = '';
			response.setEncoding('utf8');
			response.on('data', (chunk: string) => (text += chunk));
			response.on('end', () => {
				const samples = new Map<string, number>();
				for (const line of text.split('\n')) {
					const match = /^([a-z_]+)(?:\{[^}]*\})? (\S+)$/.exec(line);
					if (match !== null && !samples.has(match[1]!)) samples.set(match[1]!, Number(match[2]));
				}
				resolve(samples);
			});
		}).on('error', reject).end();
	});

// the longest event-loop delay (ms) since the previous scrape: each scrape resets prom-client's histogram,
// which times a 10 ms timer, so a value is the stall plus up to 10 ms
export const readLoopDelayMaxMs = async (address: string): Promise<number> =>
	((await scrapeMetrics(address)).get('emperor_nodejs_eventloop_lag_max_seconds') ?? Number.NaN) * 1000;
