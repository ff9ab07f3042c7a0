// starts a program vassal (`[emperor] command`): the held socket as fd 3 the systemd way, readiness as bytes 1 and 5
import {spawn, type ChildProcess} from 'node:child_process';
import {resolve} from 'node:path';
import type {ProgramSpec} from '../config/program-spec.js';
import type {Channel} from '../protocol/channel.js';
import {FROM_VASSAL} from '../protocol/emperor-bytes.js';
import type {UserDatabase} from '../system/user-database.js';
import {buildVassalEnv, describeSpawnFailure} from './spawn-vassal.js';
import {buildShimArgs, findExecProblem, findVassalExec} from './vassal-exec.js';
import {killLeftovers} from './launch-vassal.js';
import {joinLeaf, prepareVassalLeaf, releaseVassalLeaf} from '../cgroup/vassal-cgroup.js';
import {prepareNotify, watchReadiness} from './program-readiness.js';
import {vassalIdentifier} from '../sources/vassal-name.js';
import {abandonVassalOutput, attachVassalOutput, planVassalOutput} from '../output/vassal-output.js';

/** where the held socket reaches a program: the first fd of sd_listen_fds */
export const LISTEN_FD = 3;

export type ProgramLaunch = {
	readonly name: string;
	/** the vassals directory: the program runs there unless its chdir says otherwise */
	readonly directory: string;
	readonly env: NodeJS.ProcessEnv;
	readonly program: ProgramSpec;
	/** tyrant mode: the file's owner, which wins over the file's uid and gid */
	readonly owner?: {readonly uid: number; readonly gid: number} | undefined;
	/** the held socket, passed as fd 3 with LISTEN_FDS=1 */
	readonly socketFd?: number | undefined;
	readonly users: () => UserDatabase;
};

export type ProgramHandlers = {
	/** the process exists; the channel turns the table's stop bytes into the program's stop signal */
	readonly onSpawned: (pid: number, channel: Channel) => void;
	readonly onFailed: (reason: string) => void;
	readonly onExit: (code: number | null, signal: NodeJS.Signals | null) => void;
	/** readiness in the emperor protocol's words: 1 up, 5 accepting; 26 a watchdog ping */
	readonly onByte: (byte: number) => void;
	/** STATUS= the program sent */
	readonly onStatus: (status: string) => void;
	/** details for a debug log: refused notify datagrams, failed probe runs */
	readonly onNote: (fields: Record<string, unknown>) => void;
};

// a user or group by name or number
const resolveId = (value: string | undefined, find: (name: string) => number | undefined): number | undefined | string => {
	if (value === undefined) return undefined;
	if (/^\d+$/.test(value)) return Number(value);
	return find(value) ?? `no ${value} on this machine`;
};

// the program's environment: the emperor's (minus what is its alone), the file's env lines, and the socket's variables
export const buildProgramEnv = (launch: ProgramLaunch): NodeJS.ProcessEnv => {
	const env: NodeJS.ProcessEnv = {...buildVassalEnv(launch.env)};
	delete env.UWSGI_EMPEROR_FD;
	for (const [name, value] of launch.program.env) env[name] = value;
	if (launch.socketFd !== undefined) Object.assign(env, {LISTEN_FDS: '1', LISTEN_FDNAMES: vassalIdentifier(launch.name), EMPEROR_SET_LISTEN_PID: '1'});
	return env;
};

// the command as executed: through the shim (death signal, LISTEN_PID = the program's pid), else through sh for LISTEN_PID
export const buildProgramCommand = (argv: readonly string[], hasSocket: boolean, shim: string | undefined, emperorPid: number, cgroupProcs?: string): {file: string; args: string[]} => {
	const [file = '', ...args] = argv;
	if (shim !== undefined) return {file: shim, args: buildShimArgs(emperorPid, file, args, cgroupProcs)};
	if (!hasSocket) return {file, args};
	return {file: '/bin/sh', args: ['-c', 'LISTEN_PID=$$; export LISTEN_PID; unset EMPEROR_SET_LISTEN_PID; exec "$@"', 'sh', file, ...args]};
};

// a channel for the table: byte 0 or 2 (stop) is the program's stop signal; it has no byte 1 (the table never sends it one)
const makeSignalChannel = (child: ChildProcess, stopSignal: NodeJS.Signals): Channel => {
	let isOpen = true;
	return {
		send(byte) {
			if (!isOpen || byte === 1) return false;
			return child.kill(stopSignal);
		},
		close() {
			isOpen = false;
		},
		isOpen: () => isOpen,
	};
};

// starts the program and reports its life through handlers; never throws
export const launchProgram = (launch: ProgramLaunch, handlers: ProgramHandlers): void => {
	const {program} = launch;
	const users = launch.owner === undefined && (program.uid !== undefined || program.gid !== undefined) ? launch.users() : undefined;
	const uid = launch.owner?.uid ?? resolveId(program.uid, name => users?.findUser(name)?.uid);
	const gid = launch.owner?.gid ?? resolveId(program.gid, name => users?.findGroup(name)?.gid) ?? (typeof uid === 'number' && users !== undefined ? users.findUser(program.uid!)?.gid : undefined);
	if (typeof uid === 'string' || typeof gid === 'string') return handlers.onFailed(`[emperor] uid/gid: ${typeof uid === 'string' ? uid : gid}`);
	const cwd = program.chdir === undefined ? launch.directory : resolve(launch.directory, program.chdir);
	let isReady = false;
	const ready = () => {
		if (isReady) return;
		isReady = true;
		handlers.onByte(FROM_VASSAL.ready);
		handlers.onByte(FROM_VASSAL.accepting);
	};
	const notify = prepareNotify(launch.name, program, {uid, gid}, handlers, ready);
	if (!notify.ok) return handlers.onFailed(notify.reason);
	const env = {...buildProgramEnv(launch), ...notify.env};
	const shim = findVassalExec();
	const file = program.argv[0] ?? '';
	const problem = findExecProblem(file, cwd, env.PATH);
	if (problem !== undefined) {
		notify.socket?.close();
		return handlers.onFailed(describeSpawnFailure(file, problem, problem));
	}
	const ids = {...(uid === undefined ? {} : {uid}), ...(gid === undefined ? {} : {gid})};
	// under systemd with Delegate=yes, a cgroup of its own the shim joins before the exec, killed whole at its exit
	const leaf = prepareVassalLeaf(launch.name);
	const release = () => {
		if (leaf !== undefined) releaseVassalLeaf(leaf);
	};
	const command = buildProgramCommand(program.argv, launch.socketFd !== undefined, shim, process.pid, leaf === undefined || uid !== undefined ? undefined : `${leaf}/cgroup.procs`);
	// a program whose readiness is a log line has its output pass through the emperor, even under systemd
	const output = planVassalOutput(launch.name, program.ready.kind === 'log');
	let child: ChildProcess;
	try {
		child = spawn(command.file, command.args, {
			cwd, env, detached: true, shell: false, ...ids,
			stdio: ['ignore', ...output.stdio, launch.socketFd ?? 'ignore', ...output.heldReadEnds],
		});
	} catch (error) {
		abandonVassalOutput(output);
		notify.socket?.close();
		release();
		return handlers.onFailed(describeSpawnFailure(file, (error as {code?: string}).code, (error as Error).message));
	}
	const {pid} = child;
	if (pid === undefined) {
		abandonVassalOutput(output);
		notify.socket?.close();
		release();
		child.once('error', (error: {code?: string; message?: string}) => handlers.onFailed(describeSpawnFailure(file, error.code, error.message ?? 'unknown error')));
		return;
	}
	child.on('error', () => {});
	if (leaf !== undefined) joinLeaf(leaf, pid);
	const attached = attachVassalOutput(launch.name, output, [child.stdout, child.stderr]);
	let stopWatching: () => void = () => {};
	child.once('exit', (code, signal) => {
		stopWatching();
		notify.socket?.close();
		killLeftovers(pid);
		release();
		// the lines written just before the end are logged before the exit is
		attached.whenDrained(() => handlers.onExit(code, signal));
	});
	handlers.onSpawned(pid, makeSignalChannel(child, program.stopSignal));
	stopWatching = watchReadiness(attached.streams, program, {cwd, env, ...ids}, handlers, ready);
};
