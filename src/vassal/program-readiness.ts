// what tells the emperor a program generation is ready: its start, READY=1 on its own NOTIFY_SOCKET, a log line, a probe
import type {Readable} from 'node:stream';
import {join} from 'node:path';
import type {ProgramSpec} from '../config/program-spec.js';
import {chooseControlDirectory} from '../control/control-path.js';
import {makeNotifySocketPath, openNotifySocket, prepareNotifyDirectory, type NotifySocket} from '../launch/notify-socket.js';
import {startReadinessProbe} from '../launch/readiness-probe.js';
import {FROM_VASSAL} from '../protocol/emperor-bytes.js';
import {watchOutputFor} from './output-watch.js';

let notifyDirectory: string | undefined;

// the directory of the emperor's notify sockets (0711): in systemd's RuntimeDirectory, else beside the control socket;
// made once (a failure is tried again at the next spawn)
export const findNotifyDirectory = (env: NodeJS.ProcessEnv = process.env): string => {
	if (notifyDirectory !== undefined) return notifyDirectory;
	const directory = join(env.RUNTIME_DIRECTORY?.split(':')[0] ?? chooseControlDirectory(env, process.getuid?.() ?? 0).path, `notify-${process.pid}`);
	prepareNotifyDirectory(directory);
	notifyDirectory = directory;
	return directory;
};

export type ReadinessHandlers = {
	/** protocol bytes for the table: 1 and 5 when ready, 26 for WATCHDOG=1 */
	readonly onByte: (byte: number) => void;
	/** STATUS= of the program */
	readonly onStatus: (status: string) => void;
	/** something the operator should see at debug level (a refused datagram, a failed probe run) */
	readonly onNote: (fields: Record<string, unknown>) => void;
};

/** a generation's notify socket, bound before the spawn so that NOTIFY_SOCKET can be in its environment */
export type PreparedNotify = {readonly ok: true; readonly socket?: NotifySocket; readonly env: NodeJS.ProcessEnv} | {readonly ok: false; readonly reason: string};

// binds the generation's NOTIFY_SOCKET: required for ready = notify, else offered when it can be (STATUS, WATCHDOG)
export const prepareNotify = (name: string, program: ProgramSpec, owner: {uid?: number; gid?: number}, handlers: ReadinessHandlers, onReady: () => void): PreparedNotify => {
	let path: string;
	try {
		path = makeNotifySocketPath(findNotifyDirectory(), name);
	} catch (error) {
		return program.ready.kind === 'notify' ? {ok: false, reason: `no directory for NOTIFY_SOCKET: ${(error as Error).message}`} : {ok: true, env: {}};
	}
	const opened = openNotifySocket({
		path, owner,
		onMessage(message) {
			if (message.ready && program.ready.kind === 'notify') onReady();
			if (message.watchdog) handlers.onByte(FROM_VASSAL.heartbeat);
			if (message.status !== undefined) handlers.onStatus(message.status);
			if (message.stopping || message.mainPid !== undefined) handlers.onNote({stopping: message.stopping, mainPidIgnored: message.mainPid});
		},
		onReject: (reason, bytes) => handlers.onNote({notifyRejected: reason, bytes}),
	});
	if (!opened.ok) return program.ready.kind === 'notify' ? {ok: false, reason: `ready = notify: ${opened.failure.message}`} : {ok: true, env: {}};
	const env: NodeJS.ProcessEnv = {NOTIFY_SOCKET: opened.socket.path};
	if (program.watchdogSeconds !== undefined) env.WATCHDOG_USEC = String(Math.round(program.watchdogSeconds * 1e6));
	return {ok: true, socket: opened.socket, env};
};

// starts what ends in ready for a running generation (its notify socket is already listening); returns a stop function
export const watchReadiness = (output: readonly [Readable | null, Readable | null], program: ProgramSpec, probeContext: {cwd: string; env: NodeJS.ProcessEnv; uid?: number; gid?: number}, handlers: ReadinessHandlers, onReady: () => void): (() => void) => {
	switch (program.ready.kind) {
		case 'started':
			onReady();
			return () => {};
		case 'notify':
			return () => {};
		case 'log':
			return watchOutputFor(output, new RegExp(program.ready.pattern), onReady);
		case 'probe': {
			const probe = startReadinessProbe({
				command: program.ready.command, onReady, ...probeContext,
				onAttempt: attempt => handlers.onNote({probe: program.ready.kind, exitCode: attempt.exitCode, timedOut: attempt.isTimedOut, message: attempt.message}),
			});
			return probe.stop;
		}
	}
};
