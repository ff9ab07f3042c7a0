import {isUtf8} from 'node:buffer';

// what one sd_notify datagram asks of the emperor; a key that did not appear is absent
export type NotifyMessage = {
	ready?: true;
	reloading?: true;
	stopping?: true;
	/** WATCHDOG=1: the keep-alive ping */
	watchdog?: true;
	/** WATCHDOG=trigger: the program asks to be treated as hung */
	watchdogTrigger?: true;
	/** STATUS=: one line, control characters removed, at most STATUS_MAX_CHARS characters ('' clears it) */
	status?: string;
	/** MAINPID=: a positive integer the caller must check against the vassal's own process tree */
	mainPid?: number;
	/** ERRNO=: a non-negative integer */
	errno?: number;
	/** known keys whose value was not understood (READY=0, MAINPID=abc …), for a debug log */
	invalid: string[];
};

export type NotifyRejection = 'too-large' | 'nul-byte' | 'not-utf8';

export type NotifyParse = {ok: true; message: NotifyMessage} | {ok: false; reason: NotifyRejection; bytes: number};

/** systemd's own receive limit (PIPE_BUF): a larger datagram is rejected whole */
export const NOTIFY_DATAGRAM_MAX_BYTES = 4096;
export const STATUS_MAX_CHARS = 256;

const DECIMAL = /^[0-9]{1,10}$/;
// C0 controls, DEL and C1 controls: a status is shown on one terminal line
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;

const parseDecimal = (value: string): number | undefined => (DECIMAL.test(value) ? Number(value) : undefined);

// cut by code points so a surrogate pair is never split
const cleanStatus = (value: string): string => Array.from(value.replace(CONTROL_CHARACTERS, '')).slice(0, STATUS_MAX_CHARS).join('');

const applyAssignment = (message: NotifyMessage, key: string, value: string): void => {
	switch (key) {
		case 'READY':
		case 'RELOADING':
		case 'STOPPING': {
			if (value !== '1') message.invalid.push(key);
			else message[key === 'READY' ? 'ready' : key === 'RELOADING' ? 'reloading' : 'stopping'] = true;
			return;
		}
		case 'WATCHDOG': {
			if (value === '1') message.watchdog = true;
			else if (value === 'trigger') message.watchdogTrigger = true;
			else message.invalid.push(key);
			return;
		}
		case 'STATUS': {
			message.status = cleanStatus(value);
			return;
		}
		case 'MAINPID': {
			const pid = parseDecimal(value);
			if (pid === undefined || pid < 1 || pid > 0x7f_ff_ff_ff) message.invalid.push(key);
			else message.mainPid = pid;
			return;
		}
		case 'ERRNO': {
			const errno = parseDecimal(value);
			if (errno === undefined || errno > 0x7f_ff_ff_ff) message.invalid.push(key);
			else message.errno = errno;
			return;
		}
		default:
			// unknown keys (X_…, FDSTORE=, EXTEND_TIMEOUT_USEC= …) are ignored, as systemd does for keys it does not know
	}
};

// parses one untrusted sd_notify datagram into the assignments the emperor acts on; rejects it whole when too large, with a NUL, or not UTF-8; never throws
export const parseNotifyMessage = (datagram: Uint8Array): NotifyParse => {
	const bytes = datagram.byteLength;
	if (bytes > NOTIFY_DATAGRAM_MAX_BYTES) return {ok: false, reason: 'too-large', bytes};
	if (datagram.includes(0)) return {ok: false, reason: 'nul-byte', bytes};
	if (!isUtf8(datagram)) return {ok: false, reason: 'not-utf8', bytes};
	const message: NotifyMessage = {invalid: []};
	for (const line of Buffer.from(datagram.buffer, datagram.byteOffset, bytes).toString('utf8').split('\n')) {
		const equals = line.indexOf('=');
		if (equals > 0) applyAssignment(message, line.slice(0, equals), line.slice(equals + 1));
	}
	return {ok: true, message};
};
