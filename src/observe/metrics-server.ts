import {createServer} from 'node:http';
import {closeServer, describeBoundAddress, listenOn, parseListenAddress} from '../system/listen-address.js';
import type {Registry} from 'prom-client';

export type MetricsServer = {readonly address: string; close: () => Promise<void>};

// serves GET /metrics in the Prometheus text format; a scrape is computed off the vassal event path
export const startMetricsServer = async (address: string, registry: Registry): Promise<MetricsServer> => {
	const listenAddress = parseListenAddress(address);
	const server = createServer(function onMetricsRequest(request, response) {
		if (request.method !== 'GET' || (request.url ?? '/').split('?')[0] !== '/metrics') {
			response.writeHead(404, {'content-type': 'text/plain'}).end('not found: try /metrics\n');
			return;
		}
		registry.metrics().then(
			text => response.writeHead(200, {'content-type': registry.contentType}).end(text),
			(error: Error) => response.writeHead(500, {'content-type': 'text/plain'}).end(`${error.message}\n`),
		);
	});
	await listenOn(server, listenAddress);
	return {address: describeBoundAddress(server, listenAddress), close: () => closeServer(server, listenAddress)};
};
