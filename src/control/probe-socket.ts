import {connect} from 'node:net';

/** what answers on a unix socket path: a listener, nobody (a stale file, or none), or something we may not reach */
export type SocketProbe = 'listening' | 'stale' | 'denied' | 'unknown';

// connects to a unix socket and hangs up at once, to learn whether anyone listens there; never throws
export const probeSocket = (path: string, timeoutMs = 2000): Promise<SocketProbe> =>
	new Promise(resolve => {
		const socket = connect(path);
		const finish = (probe: SocketProbe) => {
			clearTimeout(timer);
			socket.destroy();
			resolve(probe);
		};
		// a listener that does not accept in time is busy, not gone
		const timer = setTimeout(() => finish('listening'), timeoutMs);
		socket.on('connect', () => finish('listening'));
		socket.on('error', (error: NodeJS.ErrnoException) => {
			if (error.code === 'ECONNREFUSED' || error.code === 'ENOENT') finish('stale');
			else if (error.code === 'EACCES' || error.code === 'EPERM') finish('denied');
			else finish('unknown');
		});
	});
