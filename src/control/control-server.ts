import {createServer} from 'node:net';
import {createInterface} from 'node:readline';
import {closeServer, listenOn} from '../system/listen-address.js';
import {parseControlRequest, type ControlRequest, type ControlResponse} from './control-protocol.js';
import {probeSocket} from './probe-socket.js';
import {endLogFollowers, serveLogsRequest} from '../output/serve-logs.js';

export type ControlServer = {readonly path: string; close: () => Promise<void>};

// serves operator commands on a unix socket readable and writable by the emperor's user only (mode 0600);
// refuses a path another emperor listens on, and replaces a stale socket file
// (passedFd: the same socket bound by systemd, emperor.uwsgi.socket: served as it is, never removed)
export const startControlServer = async (path: string, handle: (request: ControlRequest) => ControlResponse, passedFd?: number): Promise<ControlServer> => {
	if (passedFd === undefined && await probeSocket(path) === 'listening') throw new Error(`another emperor already listens on ${path}`);
	const server = createServer(function onControlConnection(socket) {
		socket.on('error', () => {});
		const lines = createInterface({input: socket});
		lines.once('line', line => {
			const parsed = parseControlRequest(line);
			lines.close();
			// a vassal's lines are answered from src/output, and a follow keeps the connection open
			if (!parsed.ok) return socket.end(`${JSON.stringify({ok: false, error: parsed.error})}\n`);
			if (parsed.request.command === 'logs') return serveLogsRequest(socket, parsed.request);
			const response: ControlResponse = handle(parsed.request);
			socket.end(`${JSON.stringify(response)}\n`);
		});
	});
	const address = {kind: 'unix', path} as const;
	if (passedFd !== undefined) {
		await new Promise<void>((resolve, reject) => server.once('error', reject).listen({fd: passedFd}, resolve));
		return {
			path,
			close() {
				const closed = new Promise<void>(resolve => server.close(() => resolve()));
				endLogFollowers();
				return closed;
			},
		};
	}
	await listenOn(server, address, 0o600);
	return {
		path,
		close() {
			const closed = closeServer(server, address);
			endLogFollowers();
			return closed;
		},
	};
};
