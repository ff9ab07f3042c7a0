// a stream of journald's own for a vassal's stdout or stderr, as sd_journal_stream_fd(3) makes one
import {fstatSync, writeSync} from 'node:fs';
import {connect, type Socket} from 'node:net';

/** journald's stream socket (systemd-journald.socket) */
export const JOURNAL_STDOUT_SOCKET = '/run/systemd/journal/stdout';
/** syslog priorities: stdout lines are info, stderr lines warnings (uWSGI writes all its chatter to stderr) */
export const STDOUT_PRIORITY = 6;
export const STDERR_PRIORITY = 4;

// the header journald reads first on a stream: identifier, unit id (empty), priority, level_prefix (a line may
// start with <N> to choose its priority), then forward to syslog, kmsg, console (all 0, as sd_journal_stream_fd)
export const buildJournalHeader = (identifier: string, priority: number, levelPrefix = true): string =>
	`${identifier.replace(/\n/g, ' ')}\n\n${priority}\n${levelPrefix ? 1 : 0}\n0\n0\n0\n`;

// true when the emperor's stderr is the journal stream systemd gave it (JOURNAL_STREAM=DEV:INODE, systemd.exec(5))
export const isStderrJournal = (env: NodeJS.ProcessEnv = process.env, fd = 2): boolean => {
	const value = env.JOURNAL_STREAM;
	if (value === undefined || !/^\d+:\d+$/.test(value)) return false;
	try {
		const stat = fstatSync(fd, {bigint: true});
		return `${stat.dev}:${stat.ino}` === value;
	} catch {
		return false;
	}
};

export type JournalStream = {
	/** the connected socket's fd, to be passed to a child as its fd 1 or 2 */
	readonly fd: number;
	/** the emperor's socket object (its copy of the fd): to write lines itself, or to close after the spawn */
	readonly socket: Socket;
};

// connects a new stream and writes its header; undefined when journald is not there (then the caller pipes).
// A unix socket's connect(2) completes inside net.connect, so the fd is usable at once (a spawn is synchronous)
export const openJournalStream = (identifier: string, priority: number, path = JOURNAL_STDOUT_SOCKET): JournalStream | undefined => {
	let socket: Socket | undefined;
	try {
		socket = connect(path);
		socket.on('error', () => {});
		const fd = (socket as unknown as {_handle?: {fd?: number}})._handle?.fd;
		if (typeof fd !== 'number' || fd < 0) throw new Error('no fd');
		const header = Buffer.from(buildJournalHeader(identifier, priority));
		// ENOTCONN or ECONNREFUSED here when nothing listens: the caller falls back to a pipe
		if (writeSync(fd, header) !== header.length) throw new Error('short write');
		return {fd, socket};
	} catch {
		socket?.destroy();
		return undefined;
	}
};
