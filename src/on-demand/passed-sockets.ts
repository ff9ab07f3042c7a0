// the listening sockets systemd passed the emperor at start (LISTEN_FDS), kept for the emperor's whole life
import {formatSocketAddress, isSameSocket, type SocketAddress} from '../config/socket-address.js';
import type {Logger} from '../observe/logger.js';
import {passedNamesOf, type ListenFds} from '../system/listen-fds.js';
import type {ListenAddress} from './listen-plan.js';
import {loadOnDemandNative, type NativeLoad, type PassedFdFacts} from './native-socket.js';

/** one socket systemd bound and passed: a vassal adopts it as its held socket; the emperor never closes it */
export type PassedSocket = {
	readonly fd: number;
	/** its FileDescriptorName=, when systemd passed a usable one */
	readonly name?: string | undefined;
	readonly address: ListenAddress;
	/** as stats and logs show it: `/run/uwsgi/app.socket`, `127.0.0.1:8080` */
	readonly text: string;
};

/** every passed socket, by name and by address */
export type PassedSockets = {
	readonly sockets: readonly PassedSocket[];
	/** the socket of a vassal: the one named after it (`app.ini`, then `app`), else the one bound at its own held address */
	find: (vassal: string, heldAddress?: SocketAddress) => PassedSocket | undefined;
	/** the socket bound at an address, for the emperor's own endpoints (its control socket) */
	findAt: (address: SocketAddress) => PassedSocket | undefined;
	/** the sockets no vassal file has asked for so far */
	unclaimed: () => readonly PassedSocket[];
};

/** what reading the passed sockets found, for the log */
export type PassedSocketsReport = {readonly sockets: PassedSockets; readonly warnings: readonly string[]};

// the address as the emperor's own bindings compare it
export const toSocketAddress = (address: ListenAddress): SocketAddress =>
	(address.kind === 'unix' ? address : {kind: 'tcp', host: address.host === '0.0.0.0' || address.host === '::' ? '*' : address.host, port: address.port});

// a listening stream socket is usable; anything else (datagram, FIFO, a connection) is described as the reason it is not
const describePassed = (fd: number, facts: PassedFdFacts): {address?: ListenAddress; problem?: string} => {
	if (!facts.isStream) return {problem: `fd ${fd} is not a stream socket`};
	if (!facts.isListening) return {problem: `fd ${fd} is not listening`};
	if (facts.kind === 'unix' && facts.path !== undefined && facts.path !== '' && !facts.path.startsWith('@')) return {address: {kind: 'unix', path: facts.path}};
	if (facts.kind === 'tcp' && facts.host !== undefined && facts.port !== undefined) return {address: {kind: 'tcp', host: facts.host, port: facts.port}};
	return {problem: `fd ${fd} is neither a unix socket with a path nor a TCP socket`};
};

// the registry over sockets already checked
export const makePassedSockets = (sockets: readonly PassedSocket[]): PassedSockets => {
	const claimed = new Set<PassedSocket>();
	const claim = (socket: PassedSocket | undefined) => {
		if (socket !== undefined) claimed.add(socket);
		return socket;
	};
	return {
		sockets,
		find(vassal, heldAddress) {
			for (const name of passedNamesOf(vassal)) {
				const named = sockets.find(socket => socket.name === name);
				if (named !== undefined) return claim(named);
			}
			return heldAddress === undefined ? undefined : claim(sockets.find(socket => isSameSocket(toSocketAddress(socket.address), heldAddress)));
		},
		findAt: address => claim(sockets.find(socket => isSameSocket(toSocketAddress(socket.address), address))),
		unclaimed: () => sockets.filter(socket => !claimed.has(socket)),
	};
};

// marks every passed fd close-on-exec (vassals get one only as their fd 0) and keeps the listening stream sockets
export const openPassedSockets = (listen: ListenFds, load: () => NativeLoad = loadOnDemandNative): PassedSocketsReport => {
	const warnings = [...listen.warnings];
	if (listen.fds.length === 0) return {sockets: makePassedSockets([]), warnings};
	const loaded = load();
	if (!loaded.ok) return {sockets: makePassedSockets([]), warnings: [...warnings, `systemd passed ${listen.fds.length} sockets, none is adopted: ${loaded.reason}`]};
	const sockets: PassedSocket[] = [];
	for (const {fd, name} of listen.fds) {
		let facts: PassedFdFacts;
		try {
			facts = loaded.native.adoptFd(fd);
		} catch (error) {
			warnings.push(`fd ${fd}${name === undefined ? '' : ` (${name})`} from systemd cannot be used: ${(error as Error).message}`);
			continue;
		}
		const {address, problem} = describePassed(fd, facts);
		if (address === undefined) warnings.push(`${problem}${name === undefined ? '' : ` (${name})`}: it is kept but no vassal adopts it`);
		else sockets.push({fd, name, address, text: formatSocketAddress(toSocketAddress(address))});
	}
	return {sockets: makePassedSockets(sockets), warnings};
};

let current: PassedSockets = makePassedSockets([]);

// the sockets of this emperor (none until setPassedSockets ran at start-up)
export const currentPassedSockets = (): PassedSockets => current;

// set once at start-up, before the first scan
export const setPassedSockets = (sockets: PassedSockets): void => {
	current = sockets;
};

// logs the warnings and every passed socket, with its name and address, once at start-up
export const logPassedSockets = (report: PassedSocketsReport, logger: Logger): void => {
	for (const warning of report.warnings) logger.warn({event: 'emperor-listen-fds-invalid'}, warning);
	for (const socket of report.sockets.sockets) {
		logger.info({event: 'emperor-socket-passed', name: socket.name, fd: socket.fd, address: socket.text},
			`systemd passed socket ${socket.name ?? '(unnamed)'} on ${socket.text} (fd ${socket.fd})`);
	}
};

// after the first scan: the sockets no vassal adopted stay open, waiting for a vassal of that name
export const logUnclaimedSockets = (sockets: PassedSockets, logger: Logger): void => {
	for (const socket of sockets.unclaimed()) {
		const awaited = socket.name === undefined ? `a vassal whose [emperor] socket is ${socket.text}` : `a vassal named ${socket.name}.ini (or ${socket.name})`;
		logger.warn({event: 'emperor-socket-unclaimed', name: socket.name, fd: socket.fd, address: socket.text},
			`systemd passed socket ${socket.name ?? '(unnamed)'} on ${socket.text} for no vassal: it is kept open until ${awaited} appears`);
	}
};
