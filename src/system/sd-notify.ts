import {openCommandSender} from './notify-command.js';
import {loadUnixDgram, openDatagramSender, type UnixDgram} from './notify-datagram.js';

export type NotifyTransport = 'none' | 'datagram' | 'systemd-notify';

/** sends one notification message (`KEY=VALUE` lines) to the service manager; never throws */
export type NotifySender = {
	readonly send: (message: string) => void;
	/** resolves once every message handed to send is out */
	readonly close: () => Promise<void>;
};

export type SdNotify = NotifySender & {readonly transport: NotifyTransport; readonly socket: string | undefined};

export type SdNotifyInput = {
	readonly env: NodeJS.ProcessEnv;
	readonly pid: number;
	readonly onError: (error: Error, transport: NotifyTransport) => void;
	readonly loadLibrary?: () => UnixDgram | undefined;
};

// how to reach NOTIFY_SOCKET: not at all when unset; unix-dgram for a path; systemd-notify for an abstract
// socket (`@name`, which unix-dgram cannot address) or when unix-dgram did not load
export const chooseNotifyTransport = (socket: string | undefined, isLibraryLoaded: boolean): NotifyTransport => {
	if (socket === undefined || socket === '') return 'none';
	return socket.startsWith('/') && isLibraryLoaded ? 'datagram' : 'systemd-notify';
};

// opens sd_notify for this process: a no-op without NOTIFY_SOCKET
export const openSdNotify = ({env, pid, onError, loadLibrary = loadUnixDgram}: SdNotifyInput): SdNotify => {
	const socket = env.NOTIFY_SOCKET;
	const library = socket === undefined ? undefined : loadLibrary();
	const transport = chooseNotifyTransport(socket, library !== undefined);
	const report = (error: Error) => onError(error, transport);
	const sender: NotifySender = (() => {
		switch (transport) {
			case 'none': return {send: () => {}, close: async () => {}};
			case 'datagram': return openDatagramSender(library!, socket!, report);
			case 'systemd-notify': return openCommandSender(socket!, pid, report);
		}
	})();
	return {...sender, transport, socket};
};
