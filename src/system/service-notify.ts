import type {Logger} from '../observe/logger.js';
import {openSdNotify, type SdNotify} from './sd-notify.js';

// sd_notify for the emperor, with its transport logged, the first failure to reach systemd logged as a warning
// (the rest at debug level), and a warning when the fallback needs NotifyAccess=all
export const openServiceNotify = (logger: Logger, env: NodeJS.ProcessEnv = process.env, pid = process.pid): SdNotify => {
	let hasFailed = false;
	const notify = openSdNotify({env, pid, onError(error, transport) {
		logger[hasFailed ? 'debug' : 'warn']({event: 'emperor-notify-failed', transport, err: {message: error.message}}, `cannot notify systemd through ${transport}: ${error.message}`);
		hasFailed = true;
	}});
	if (notify.transport === 'none') return notify;
	const fields = {event: 'emperor-notify', transport: notify.transport, socket: notify.socket};
	if (notify.transport === 'datagram') logger.debug(fields, 'sd_notify through unix-dgram');
	// as root, systemd-notify --pid sends with the emperor's credentials; as another user, with its own
	else if (process.getuid?.() === 0) logger.info(fields, 'sd_notify through systemd-notify (unix-dgram is not available)');
	else logger.warn(fields, 'sd_notify through systemd-notify as a non-root user: the unit needs NotifyAccess=all');
	return notify;
};
