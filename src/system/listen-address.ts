import {chmod, lstat, unlink} from 'node:fs/promises';
import type {Server} from 'node:net';

export type ListenAddress =
	| {readonly kind: 'tcp'; readonly host: string; readonly port: number}
	| {readonly kind: 'unix'; readonly path: string};

// reads an address as uWSGI does: TCP when it has a colon (":9191" means loopback here), else a unix socket path
export const parseListenAddress = (address: string): ListenAddress => {
	const colon = address.lastIndexOf(':');
	if (colon === -1 || address.startsWith('/') || address.startsWith('.')) return {kind: 'unix', path: address};
	const host = address.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
	const port = Number(address.slice(colon + 1));
	if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new TypeError(`expected HOST:PORT with a port from 0 to 65535, found "${address}"`);
	return {kind: 'tcp', host: host === '' ? '127.0.0.1' : host, port};
};

// a stale socket file from an earlier run is removed; anything else at that path is left alone and the listen fails
const removeStaleSocket = async (path: string) => {
	try {
		if ((await lstat(path)).isSocket()) await unlink(path);
	} catch {}
};

// starts listening on an address; a unix socket gets owner-only permissions (or the mode given)
export const listenOn = async (server: Server, address: ListenAddress, mode = 0o600): Promise<void> => {
	if (address.kind === 'unix') await removeStaleSocket(address.path);
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		const onListening = () => {
			server.off('error', reject);
			resolve();
		};
		if (address.kind === 'unix') server.listen(address.path, onListening);
		else server.listen(address.port, address.host, onListening);
	});
	if (address.kind === 'unix') await chmod(address.path, mode);
};

// closes a server and removes its unix socket file
export const closeServer = async (server: Server, address: ListenAddress): Promise<void> => {
	await new Promise<void>(resolve => server.close(() => resolve()));
	if (address.kind === 'unix') await unlink(address.path).catch(() => {});
};

// the address actually bound, as text (resolves port 0)
export const describeBoundAddress = (server: Server, address: ListenAddress): string => {
	if (address.kind === 'unix') return address.path;
	const bound = server.address();
	return typeof bound === 'object' && bound !== null ? `${bound.address}:${bound.port}` : `${address.host}:${address.port}`;
};
