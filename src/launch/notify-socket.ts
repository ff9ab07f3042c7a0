import {randomBytes} from 'node:crypto';
import {chmodSync, chownSync, lstatSync, mkdirSync, unlinkSync} from 'node:fs';
import {createRequire} from 'node:module';
import {join} from 'node:path';
import {getSystemErrorName} from 'node:util';
import {parseNotifyMessage, type NotifyMessage, type NotifyRejection} from './notify-message.js';

// the receiving part of unix-dgram's API (the package ships no types)
type ReceivingSocket = {
	on: (event: 'error', listener: (error: Error) => void) => void;
	bind: (path: string) => void;
	close: () => void;
};
export type UnixDgramReceiver = {readonly createSocket: (type: 'unix_dgram', onMessage: (datagram: Buffer) => void) => ReceivingSocket};

export type NotifySocketOptions = {
	/** where to bind; one path per vassal generation (see makeNotifySocketPath) */
	path: string;
	/** the vassal's uid/gid: the socket file is chowned to them so that a program of another user can connect */
	owner?: {uid?: number; gid?: number};
	onMessage: (message: NotifyMessage) => void;
	/** a datagram that was refused (for a debug log; the caller rate-limits its logging) */
	onReject?: (reason: NotifyRejection, bytes: number) => void;
	/** the socket stopped receiving for good (a rebind after a flood failed) */
	onError?: (error: Error) => void;
	/** datagrams read per second before the socket is muted until the second ends (default 50) */
	maxMessagesPerSecond?: number;
	loadLibrary?: () => UnixDgramReceiver | undefined;
	now?: () => number;
};

export type NotifySocketCounts = {received: number; rejected: number; mutedSeconds: number};

export type NotifySocket = {
	readonly path: string;
	/** what arrived so far: accepted datagrams, refused ones, and how many times a flood muted the socket */
	counts: () => NotifySocketCounts;
	/** closes the socket and removes its file; safe to call twice */
	close: () => void;
};

export type NotifySocketFailure = {code: 'NOTIFY_LIBRARY_MISSING' | 'NOTIFY_PATH_TOO_LONG' | 'NOTIFY_PATH_TAKEN' | 'NOTIFY_BIND_FAILED' | 'NOTIFY_CHOWN_FAILED'; message: string};

export type OpenNotifySocket = {ok: true; socket: NotifySocket} | {ok: false; failure: NotifySocketFailure};

/** sun_path holds 108 bytes with the terminating NUL */
export const NOTIFY_PATH_MAX_BYTES = 107;
export const NOTIFY_LIBRARY_MISSING = 'the optional dependency unix-dgram is not installed or did not build, so the emperor cannot receive sd_notify datagrams';

// loads unix-dgram's receiving API: undefined when the optional dependency is not installed or did not build
export const loadUnixDgramReceiver = (): UnixDgramReceiver | undefined => {
	try {
		return createRequire(import.meta.url)('unix-dgram') as UnixDgramReceiver;
	} catch {
		return undefined;
	}
};

// makes the directory that holds notify sockets: 0711, so programs of other users can reach a socket by its name but not list the names
export const prepareNotifyDirectory = (directory: string): void => {
	mkdirSync(directory, {recursive: true, mode: 0o711});
	chmodSync(directory, 0o711);
};

// a fresh, unguessable socket path in directory for one generation of the vassal named name
export const makeNotifySocketPath = (directory: string, name: string): string =>
	join(directory, `${name.replace(/[^A-Za-z0-9_.-]/g, '_').slice(-32)}.${randomBytes(12).toString('base64url')}.notify`);

// unix-dgram reports a negative errno number as the code: name it
const describeError = (error: Error): string => {
	const {code} = error as {code?: unknown};
	return typeof code === 'number' && code < 0 ? getSystemErrorName(code) : error.message;
};

// removes a stale socket file left at path; refuses anything that is not a socket
const clearPath = (path: string): NotifySocketFailure | undefined => {
	try {
		if (!lstatSync(path).isSocket()) return {code: 'NOTIFY_PATH_TAKEN', message: `${path} exists and is not a socket`};
		unlinkSync(path);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return {code: 'NOTIFY_PATH_TAKEN', message: `${path}: ${(error as Error).message}`};
	}
	return undefined;
};

// binds at path, then lets only the vassal's user in: mode 0600, owned by its uid/gid (root, the usual owner of the emperor, needs no permission)
// why ownership and not only an unguessable name: every bound path is listed in /proc/net/unix for any user to read, so names hide nothing;
// a program of another uid gets EACCES. Generations of one vassal share its uid and can already ptrace each other and read each other's
// /proc/PID/environ (NOTIFY_SOCKET), so no file permission could part them: the random name only keeps them from reaching each other by mistake
const bindSocket = (library: UnixDgramReceiver, options: NotifySocketOptions, onDatagram: (datagram: Buffer) => void): {socket: ReceivingSocket} | NotifySocketFailure => {
	const {path, owner} = options;
	const stale = clearPath(path);
	if (stale) return stale;
	let bindError: Error | undefined;
	const socket = library.createSocket('unix_dgram', onDatagram);
	socket.on('error', function onNotifySocketError(error) {
		bindError ??= error;
	});
	socket.bind(path);
	if (bindError) {
		socket.close();
		return {code: 'NOTIFY_BIND_FAILED', message: `bind ${path}: ${describeError(bindError)}`};
	}
	try {
		chmodSync(path, 0o600);
		if (owner?.uid !== undefined || owner?.gid !== undefined) chownSync(path, owner.uid ?? -1, owner.gid ?? -1);
	} catch (error) {
		socket.close();
		try {
			unlinkSync(path);
		} catch {}
		return {code: 'NOTIFY_CHOWN_FAILED', message: `${path}: ${(error as Error).message}`};
	}
	return {socket};
};

// binds one generation's NOTIFY_SOCKET and passes each parsed datagram on; a flood beyond maxMessagesPerSecond mutes the socket until the second ends
export const openNotifySocket = (options: NotifySocketOptions): OpenNotifySocket => {
	const {path, onMessage, onReject, onError, maxMessagesPerSecond = 50, loadLibrary = loadUnixDgramReceiver, now = Date.now} = options;
	if (Buffer.byteLength(path) > NOTIFY_PATH_MAX_BYTES) return {ok: false, failure: {code: 'NOTIFY_PATH_TOO_LONG', message: `${path} is longer than ${NOTIFY_PATH_MAX_BYTES} bytes`}};
	const library = loadLibrary();
	if (!library) return {ok: false, failure: {code: 'NOTIFY_LIBRARY_MISSING', message: NOTIFY_LIBRARY_MISSING}};

	const counts: NotifySocketCounts = {received: 0, rejected: 0, mutedSeconds: 0};
	let windowStart = now();
	let inWindow = 0;
	let socket: ReceivingSocket | undefined;
	let unmuteTimer: NodeJS.Timeout | undefined;
	let isClosed = false;

	// closing the socket is what stops the cost: the kernel refuses the sender's datagrams (ECONNREFUSED) instead of queueing them for us
	const mute = () => {
		counts.mutedSeconds++;
		socket?.close();
		socket = undefined;
		unmuteTimer = setTimeout(function onNotifyUnmute() {
			unmuteTimer = undefined;
			if (isClosed) return;
			const bound = bindSocket(library, options, onDatagram);
			if ('socket' in bound) socket = bound.socket;
			else onError?.(new Error(bound.message));
		}, Math.max(1, windowStart + 1000 - now()));
		unmuteTimer.unref();
	};

	function onDatagram(datagram: Buffer) {
		if (!socket) return;
		const time = now();
		if (time - windowStart >= 1000) {
			windowStart = time;
			inWindow = 0;
		}
		if (++inWindow > maxMessagesPerSecond) {
			mute();
			return;
		}
		// unix-dgram reads into a 64 KiB buffer: anything longer arrives cut, and over the 4096-byte limit all the same
		const result = parseNotifyMessage(datagram);
		if (!result.ok) {
			counts.rejected++;
			onReject?.(result.reason, result.bytes);
			return;
		}
		counts.received++;
		onMessage(result.message);
	}

	const bound = bindSocket(library, options, onDatagram);
	if (!('socket' in bound)) return {ok: false, failure: bound};
	socket = bound.socket;
	return {
		ok: true,
		socket: {
			path,
			counts: () => ({...counts}),
			close() {
				if (isClosed) return;
				isClosed = true;
				clearTimeout(unmuteTimer);
				socket?.close();
				socket = undefined;
				try {
					unlinkSync(path);
				} catch {}
			},
		},
	};
};
