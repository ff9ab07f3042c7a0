import {connect} from 'node:net';
import type {ControlRequest, ControlResponse} from './control-protocol.js';

// why a connection to the control socket failed, in words that say what to do
export const describeConnectError = (path: string, code: string | undefined): string => {
	if (code === 'EACCES' || code === 'EPERM') return `permission denied on ${path}: the control socket belongs to the emperor's user (mode 0600); run this as that user or as root`;
	if (code === 'ENOENT' || code === 'ECONNREFUSED') return `no emperor listens on ${path}; is it running, and started with --control ${path}?`;
	return `cannot reach the emperor on ${path} (${code ?? 'unknown error'})`;
};

// sends one request to a running emperor and reads its one-line answer
export const sendControlRequest = (path: string, request: ControlRequest, timeoutMs = 10_000): Promise<ControlResponse> =>
	new Promise(resolve => {
		const socket = connect(path);
		let answer = '';
		const timer = setTimeout(() => {
			socket.destroy();
			resolve({ok: false, error: `the emperor on ${path} did not answer within ${timeoutMs} ms`, code: 'ETIMEDOUT'});
		}, timeoutMs);
		socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
		socket.on('data', chunk => {
			answer += chunk.toString('utf8');
		});
		socket.on('error', (error: NodeJS.ErrnoException) => {
			clearTimeout(timer);
			resolve({ok: false, error: describeConnectError(path, error.code), code: error.code});
		});
		socket.on('end', () => {
			clearTimeout(timer);
			try {
				resolve(JSON.parse(answer) as ControlResponse);
			} catch {
				resolve({ok: false, error: `the emperor on ${path} sent an unreadable answer`});
			}
		});
	});
