import type {Duplex} from 'node:stream';
import {spawn} from 'node:child_process';
import {DEFAULT_BINARY} from '../options/emperor-options.js';
import {abandonVassalOutput, attachVassalOutput, planVassalOutput, type AttachedOutput, type OutputPlan} from '../output/vassal-output.js';
import {spawnNative, type NativeSpawnOptions, type StdioEntry, type VassalProcess} from './native-spawn.js';
import {buildShimArgs, canEveryoneExecuteShim, findExecProblem, findVassalExec} from './vassal-exec.js';

// the vassal's end of the socketpair sits at this fd, as UWSGI_EMPEROR_FD says
export const EMPEROR_FD = 3;
// a vassal started from a config sent as text reads it at this fd, as UWSGI_EMPEROR_FD_CONFIG says
export const CONFIG_FD = 4;

// variables meant for the emperor alone: systemd's and uWSGI's own reload counter
const EMPEROR_ONLY_ENV = ['NOTIFY_SOCKET', 'UWSGI_RELOADS', 'LISTEN_FDS', 'LISTEN_PID', 'LISTEN_FDNAMES', 'WATCHDOG_USEC', 'WATCHDOG_PID'];
const VASSAL_ENV_PREFIX = 'UWSGI_VASSAL_';

export type SpawnSpec = {
	readonly binary: string;
	readonly name: string;
	readonly cwd: string;
	readonly vassalSet: readonly string[];
	readonly env: NodeJS.ProcessEnv;
	/** tyrant mode: run as this uid/gid, with no supplementary groups (libuv's setgroups(0)) */
	readonly owner?: {readonly uid: number; readonly gid: number} | undefined;
	/** with an owner: the owner's groups instead (through setpriv --init-groups) */
	readonly initgroups?: boolean | undefined;
	/** an on-demand vassal: the emperor's listening socket, which the vassal gets as fd 0 (the emperor keeps its copy) */
	readonly stdin?: number | undefined;
	/** arguments after the config (--need-app for vassals that reload by overlap) */
	readonly extraArgs?: readonly string[] | undefined;
	/** the config as text, sent through the config channel (`--ini emperor://NAME`), instead of the file */
	readonly configText?: string | undefined;
	/** the cgroup.procs of the vassal's own cgroup (under systemd with Delegate=yes), joined by the shim before the exec */
	readonly cgroupProcs?: string | undefined;
};


// the argv uWSGI's dir:// monitor gives a vassal: `--set K=V`… then `--ini NAME` (`emperor://NAME` for a config sent as text)
export const buildVassalArgv = (name: string, vassalSet: readonly string[], extraArgs: readonly string[] = [], viaChannel = false): string[] =>
	[...vassalSet.flatMap(setting => ['--set', setting]), '--ini', viaChannel ? `emperor://${name}` : name, ...extraArgs];

// the uwsgi packet header uWSGI's config channel expects before the text: modifier1 115, size (16-bit LE), modifier2 0
export const frameChannelConfig = (text: string): Buffer => {
	const body = Buffer.from(text);
	const header = Buffer.from([115, 0, 0, 0]);
	header.writeUInt16LE(body.length, 1);
	return Buffer.concat([header, body]);
};

const builtEnvs = new WeakMap<NodeJS.ProcessEnv, NodeJS.ProcessEnv>();

// the emperor's environment minus what is its alone, with UWSGI_VASSAL_X passed on as UWSGI_X
// (built once per environment object: every vassal of an emperor gets the same one, and spawn only reads it)
export const buildVassalEnv = (emperorEnv: NodeJS.ProcessEnv): NodeJS.ProcessEnv => {
	const built = builtEnvs.get(emperorEnv);
	if (built !== undefined) return built;
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(emperorEnv)) {
		if (value === undefined || EMPEROR_ONLY_ENV.includes(key)) continue;
		if (key.startsWith(VASSAL_ENV_PREFIX)) env[`UWSGI_${key.slice(VASSAL_ENV_PREFIX.length)}`] = value;
		else env[key] ??= value;
	}
	env.UWSGI_EMPEROR_FD = String(EMPEROR_FD);
	builtEnvs.set(emperorEnv, env);
	return env;
};

const configEnvs = new WeakMap<NodeJS.ProcessEnv, NodeJS.ProcessEnv>();

// the vassal environment with UWSGI_EMPEROR_FD_CONFIG, for a config sent as text; built once per environment
const buildConfigChannelEnv = (shared: NodeJS.ProcessEnv): NodeJS.ProcessEnv => {
	let env = configEnvs.get(shared);
	if (env === undefined) configEnvs.set(shared, env = {...shared, UWSGI_EMPEROR_FD_CONFIG: String(CONFIG_FD)});
	return env;
};

// why a binary could not be executed, in words that say what to do
export const describeSpawnFailure = (binary: string, code: string | undefined, message: string): string => {
	if (code === 'ENOENT' && binary === DEFAULT_BINARY) return `${binary} not found; install uwsgi-core and uwsgi-plugin-python3 or set --binary-path`;
	if (code === 'ENOENT') return `${binary} not found; check --binary-path`;
	if (code === 'EACCES') return `${binary} is not executable (EACCES); check its permissions or set --binary-path`;
	return `${binary} could not be executed: ${message}`;
};

export type VassalCommand = {readonly file: string; readonly args: string[]; readonly uid?: number; readonly gid?: number};

// what to execute: the binary as is, or as the tyrant owner (setgid, setgroups(0), setuid before exec; or setpriv for initgroups)
export const buildVassalCommand = (spec: SpawnSpec): VassalCommand => {
	const args = buildVassalArgv(spec.name, spec.vassalSet, spec.extraArgs, spec.configText !== undefined);
	if (spec.owner === undefined) return {file: spec.binary, args};
	if (!spec.initgroups) return {file: spec.binary, args, uid: spec.owner.uid, gid: spec.owner.gid};
	const {uid, gid} = spec.owner;
	return {file: 'setpriv', args: ['--reuid', String(uid), '--regid', String(gid), '--init-groups', '--', spec.binary, ...args]};
};

// the command as executed: through the exec shim when it was built (a death signal for the vassal), else as is;
// with setpriv the shim comes after it, since a change of credentials clears the death signal
export const wrapInShim = (command: VassalCommand, shim: string | undefined, emperorPid: number, cgroupProcs?: string): VassalCommand => {
	if (shim === undefined) return command;
	if (command.file !== 'setpriv') return {...command, file: shim, args: buildShimArgs(emperorPid, command.file, command.args, cgroupProcs)};
	const separator = command.args.indexOf('--');
	const [binary = '', ...rest] = command.args.slice(separator + 1);
	return {...command, args: [...command.args.slice(0, separator + 1), shim, ...buildShimArgs(emperorPid, binary, rest, cgroupProcs)]};
};

// not execa on this hot path: execa keeps ~76 KB and ~5 ms of JavaScript per child (docs/benchmarks.md), for
// promises and buffering a vassal never uses; execa stays for the commands the emperor runs. Not child_process
// either where the addon is built: it forks the ~100 MB emperor, where posix_spawn does not (docs/benchmarks.md,
// "CPU per spawn"); a vassal with an owner keeps child_process, whose child changes uid and gid before the exec
const startProcess = (spec: SpawnSpec, command: VassalCommand, env: NodeJS.ProcessEnv, output: OutputPlan): VassalProcess => {
	const channels: StdioEntry[] = spec.configText === undefined ? ['pipe'] : ['pipe', 'pipe'];
	const options: NativeSpawnOptions = {
		cwd: spec.cwd,
		env,
		// argv[0] is the file as given (the shim, setpriv or the binary), the vassal's argv[0] its binary as given
		// stdout and stderr: the vassal's own journal streams under systemd, else pipes the emperor logs (src/output),
		// whose read ends the vassal holds too, after its channels (src/output/held-pipes.ts)
		stdio: [spec.stdin ?? 'ignore', ...output.stdio, ...channels, ...output.heldReadEnds],
		// a session of its own: a signal to the emperor's process group (Ctrl-C, `timeout`, `kill -- -PGID`)
		// must not reach vassals, since SIGTERM makes a uWSGI 2.0 master reload; the emperor stops them itself
		detached: true,
	};
	// EMPEROR_NATIVE_SPAWN=0 in the emperor's environment keeps child_process (to compare, or to rule it out)
	const native = command.uid === undefined && process.env.EMPEROR_NATIVE_SPAWN !== '0' ? spawnNative(command.file, command.args, options) : undefined;
	if (native !== undefined) return native;
	return spawn(command.file, command.args, {...options, stdio: [...options.stdio], ...(command.uid === undefined ? {} : {uid: command.uid, gid: command.gid}), shell: false});
};

export type SpawnedVassal = {
	readonly subprocess: VassalProcess;
	readonly channel: Duplex | undefined;
	/** sends the config again through the config channel (a vassal asks with byte 2 before it re-execs): text, or the first one */
	readonly sendConfig?: ((text?: string) => void) | undefined;
	/** its stdout and stderr, read by the emperor where they are pipes */
	readonly output: AttachedOutput;
};

// why the command cannot be executed (ENOENT, EACCES) when the shim would only find out in the child
const findShimmedExecProblem = (spec: SpawnSpec, env: NodeJS.ProcessEnv, shimmed: boolean): string | undefined =>
	(shimmed ? findExecProblem(spec.binary, spec.cwd, env.PATH) : undefined);

// starts one vassal process: no shell, stdin on /dev/null (or the on-demand socket), output its own (src/output),
// the channel at fd 3; throws what spawn throws, and an ENOENT/EACCES error for a binary the shim could not execute
export const spawnVassalProcess = (spec: SpawnSpec): SpawnedVassal => {
	// a tyrant vassal runs the shim as its owner, who must be able to execute it
	const shim = spec.owner === undefined || canEveryoneExecuteShim() ? findVassalExec() : undefined;
	const shared = buildVassalEnv(spec.env);
	const env = spec.configText === undefined ? shared : buildConfigChannelEnv(shared);
	const problem = findShimmedExecProblem(spec, env, shim !== undefined);
	if (problem !== undefined) throw Object.assign(new Error(`spawn ${spec.binary} ${problem}`), {code: problem});
	const plan = planVassalOutput(spec.name);
	let subprocess: VassalProcess;
	try {
		subprocess = startProcess(spec, wrapInShim(buildVassalCommand(spec), shim, process.pid, spec.cgroupProcs), env, plan);
	} catch (error) {
		abandonVassalOutput(plan);
		throw error;
	}
	const output = attachVassalOutput(spec.name, plan, [subprocess.stdout, subprocess.stderr]);
	const channel = subprocess.stdio[EMPEROR_FD] as Duplex | null | undefined;
	const configChannel = subprocess.stdio[CONFIG_FD] as Duplex | null | undefined;
	if (configChannel === null || configChannel === undefined || spec.configText === undefined) return {subprocess, channel: channel ?? undefined, output};
	const framed = frameChannelConfig(spec.configText);
	// a vassal that exits before reading it makes the write fail: that is its exit's business, not the emperor's
	configChannel.on('error', () => {});
	const sendConfig = (text?: string) => {
		if (!configChannel.destroyed) configChannel.write(text === undefined ? framed : frameChannelConfig(text));
	};
	sendConfig();
	return {subprocess, channel: channel ?? undefined, sendConfig, output};
};
