import {execFile} from 'node:child_process';
import type {NotifySender} from './sd-notify.js';

// runs one `systemd-notify --no-block --pid=PID FIELD…`; resolves when it is done, whatever the outcome
const runSystemdNotify = (socket: string, pid: number, message: string, onError: (error: Error) => void): Promise<void> =>
	new Promise(resolveRun => {
		// --pid: run as root, systemd-notify sends with the emperor's credentials, so NotifyAccess=main accepts it;
		// --no-block: no BARRIER=1 datagram from its own pid, which NotifyAccess=main would log as refused
		const env = {...process.env, NOTIFY_SOCKET: socket};
		execFile('systemd-notify', ['--no-block', `--pid=${pid}`, ...message.split('\n')], {env}, function onSystemdNotifyDone(error) {
			if (error) onError(error);
			resolveRun();
		});
	});

// the fallback when unix-dgram cannot load: the systemd-notify tool, one run at a time so messages keep their order
export const openCommandSender = (socket: string, pid: number, onError: (error: Error) => void): NotifySender => {
	let queue = Promise.resolve();
	return {
		send(message) {
			queue = queue.then(() => runSystemdNotify(socket, pid, message, onError));
		},
		close: () => queue,
	};
};
