import {createRequire} from 'node:module';
import {getSystemErrorName} from 'node:util';
import type {NotifySender} from './sd-notify.js';

// the part of unix-dgram's API used here (the package ships no types)
type UnixDgramSocket = {
	send: (buffer: Buffer, offset: number, length: number, path: string, callback: (error?: Error) => void) => void;
	close: () => void;
};
export type UnixDgram = {readonly createSocket: (type: 'unix_dgram') => UnixDgramSocket};

// loads unix-dgram, an optional native dependency: undefined when it is not installed or did not build
export const loadUnixDgram = (): UnixDgram | undefined => {
	try {
		return createRequire(import.meta.url)('unix-dgram') as UnixDgram;
	} catch {
		return undefined;
	}
};

// unix-dgram reports a negative errno number as the code: name it (ENOENT, ECONNREFUSED …)
const nameError = (error: Error): Error => {
	const {code} = error as {code?: unknown};
	if (typeof code !== 'number' || code >= 0) return error;
	return Object.assign(new Error(`sendto ${getSystemErrorName(code)}`), {code: getSystemErrorName(code)});
};

// sends each message as one datagram to the socket at path, from this very process, so NotifyAccess=main accepts it
export const openDatagramSender = (library: UnixDgram, path: string, onError: (error: Error) => void): NotifySender => {
	let socket: UnixDgramSocket | undefined;
	return {
		send(message) {
			try {
				// unix-dgram watches the socket for reads, which holds the event loop: created on first use, closed by close()
				socket ??= library.createSocket('unix_dgram');
				const buffer = Buffer.from(message);
				socket.send(buffer, 0, buffer.length, path, function onNotifySent(error) {
					if (error) onError(nameError(error));
				});
			} catch (error) {
				onError(error as Error);
			}
		},
		async close() {
			socket?.close();
			socket = undefined;
		},
	};
};
