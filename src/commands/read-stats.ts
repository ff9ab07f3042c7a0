import {connect} from 'node:net';
import {parseListenAddress} from '../system/listen-address.js';

// reads the JSON document a stats server (ours or uWSGI's) writes on connect
export const readStatsDocument = (address: string, timeoutMs = 10_000): Promise<unknown> =>
	new Promise((resolve, reject) => {
		const target = parseListenAddress(address);
		const socket = target.kind === 'unix' ? connect(target.path) : connect(target.port, target.host);
		let text = '';
		const timer = setTimeout(() => {
			socket.destroy();
			reject(new Error(`the stats server on ${address} did not answer within ${timeoutMs} ms`));
		}, timeoutMs);
		socket.on('data', chunk => {
			text += chunk.toString('utf8');
		});
		socket.on('error', (error: NodeJS.ErrnoException) => {
			clearTimeout(timer);
			reject(new Error(`cannot read stats from ${address} (${error.code ?? error.message})`));
		});
		socket.on('end', () => {
			clearTimeout(timer);
			try {
				resolve(JSON.parse(text));
			} catch {
				reject(new Error(`the stats server on ${address} sent something that is not JSON`));
			}
		});
	});
