/** where a socket listens, comparable across vassals */
export type SocketAddress =
	| {readonly kind: 'tcp'; readonly host: string; readonly port: number}
	| {readonly kind: 'unix'; readonly path: string}
	| {readonly kind: 'abstract'; readonly name: string};

const WILDCARD_HOSTS = new Set(['', '0.0.0.0', '::', '*', '[::]']);
const LOOPBACK_NAMES = new Set(['localhost', 'localhost4']);

// reads a socket value as uWSGI does (a `:` means TCP, `@` an abstract unix socket, anything else a path);
// undefined for what cannot clash: a shared socket (`=0`), a scheme (`fd://3`), port 0
export const parseSocketAddress = (value: string, resolvePath: (path: string) => string): SocketAddress | undefined => {
	// https = ADDR,CERT,KEY and friends: the address is the first field
	const address = value.split(',')[0]!.trim();
	if (address === '' || address.startsWith('=') || address.includes('://')) return undefined;
	if (address.startsWith('@')) return {kind: 'abstract', name: address.slice(1)};
	const colon = address.lastIndexOf(':');
	if (colon === -1) return {kind: 'unix', path: resolvePath(address)};
	const port = Number(address.slice(colon + 1));
	if (!Number.isInteger(port) || port <= 0) return undefined;
	const host = address.slice(0, colon).replace(/^\[(.*)\]$/, '$1').toLowerCase();
	return {kind: 'tcp', host: WILDCARD_HOSTS.has(host) ? '*' : LOOPBACK_NAMES.has(host) ? '127.0.0.1' : host, port};
};

// true when two sockets cannot both be bound: the same path or name, or the same port on overlapping hosts
export const isSameSocket = (left: SocketAddress, right: SocketAddress): boolean => {
	if (left.kind === 'tcp' && right.kind === 'tcp') return left.port === right.port && (left.host === right.host || left.host === '*' || right.host === '*');
	if (left.kind === 'unix' && right.kind === 'unix') return left.path === right.path;
	if (left.kind === 'abstract' && right.kind === 'abstract') return left.name === right.name;
	return false;
};

// `127.0.0.1:3031`, `*:8700`, `/run/app.sock`, `@name`
export const formatSocketAddress = (address: SocketAddress): string => {
	if (address.kind === 'tcp') return `${address.host.includes(':') ? `[${address.host}]` : address.host}:${address.port}`;
	return address.kind === 'unix' ? address.path : `@${address.name}`;
};
