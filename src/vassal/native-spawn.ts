// a child process spawned without forking the emperor: posix_spawn in the native addon
// (native/on-demand-socket/vassal-spawn.c), with child_process's semantics for what a vassal spawn uses
import {EventEmitter} from 'node:events';
import {Socket} from 'node:net';
import {constants} from 'node:os';
import type {IOType} from 'node:child_process';
import type {Readable, Stream, Writable} from 'node:stream';
import {nativeFunctions} from '../on-demand/native-socket.js';

/** what the vassal spawn needs of a child process; node:child_process's ChildProcess is one too */
export interface VassalProcess {
	readonly pid?: number | undefined;
	readonly stdio: ReadonlyArray<Readable | Writable | null | undefined>;
	readonly stdin: Writable | null;
	readonly stdout: Readable | null;
	readonly stderr: Readable | null;
	kill(signal?: NodeJS.Signals | number): boolean;
	on(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
	on(event: 'error', listener: (error: Error) => void): unknown;
	on(event: 'spawn', listener: () => void): unknown;
	once(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
	once(event: 'error', listener: (error: Error) => void): unknown;
	once(event: 'spawn', listener: () => void): unknown;
}

/** a stdio entry as child_process takes it; a stream is passed through its fd (a socket, an fs stream) */
export type StdioEntry = IOType | 'ipc' | number | null | undefined | Stream;

type WithFd = {readonly fd?: unknown; readonly _handle?: {readonly fd?: unknown} | null};

export type NativeSpawnOptions = {
	readonly cwd: string;
	/** read once per object: the same object spawns with the envp built the first time */
	readonly env: NodeJS.ProcessEnv;
	readonly stdio: readonly StdioEntry[];
	/** a session of its own (setsid), as child_process's detached */
	readonly detached: boolean;
};

type Environment = {readonly nativeEnvironment: unique symbol};

type SpawnNative = {
	makeEnvironment: (entries: string[]) => Environment;
	spawnProcess: (file: string, argv: string[], environment: Environment, cwd: string, stdio: number[], newSession: boolean, searchPath: boolean, onExit: (code: number, signal: number) => void) => number[];
};

const IGNORE = -1;
const PIPE = -2;

// the addon's spawn, or undefined: not built, or built before it had one
export const loadSpawnNative = nativeFunctions<SpawnNative>('spawnProcess', 'makeEnvironment');

const environments = new WeakMap<NodeJS.ProcessEnv, Environment>();

// the envp for env, built in C once per environment object (child_process copies it on every spawn)
const findEnvironment = (native: SpawnNative, env: NodeJS.ProcessEnv): Environment => {
	let environment = environments.get(env);
	if (environment !== undefined) return environment;
	const entries: string[] = [];
	for (const key in env) if (env[key] !== undefined) entries.push(`${key}=${env[key]}`);
	environment = native.makeEnvironment(entries);
	environments.set(env, environment);
	return environment;
};

// a stdio entry as the addon takes it: a parent fd, IGNORE or PIPE; undefined for what it cannot pass
export const encodeStdioEntry = (entry: StdioEntry, slot: number): number | undefined => {
	if (entry === 'pipe') return PIPE;
	if (entry === 'ignore' || entry === null || entry === undefined) return IGNORE;
	if (entry === 'inherit') return slot;
	if (typeof entry === 'number') return Number.isInteger(entry) && entry >= 0 ? entry : undefined;
	if (typeof entry === 'string') return undefined;
	const {fd: own, _handle: handle} = entry as WithFd;
	const fd = typeof own === 'number' ? own : handle?.fd;
	return typeof fd === 'number' && fd >= 0 ? fd : undefined;
};

let signalNames: Map<number, NodeJS.Signals> | undefined;

const nameSignal = (signal: number): NodeJS.Signals | null => {
	signalNames ??= new Map(Object.entries(constants.signals).map(([name, number]) => [number, name as NodeJS.Signals]));
	return signalNames.get(signal) ?? null;
};

// the emperor's end of a pipe at a slot: stdin is written to, stdout and stderr read, fd 3 and up both ways
const wrapParentEnd = (fd: number, slot: number): Socket =>
	new Socket({fd, readable: slot !== 0, writable: slot === 0 || slot > 2});

class NativeChildProcess extends EventEmitter implements VassalProcess {
	pid: number | undefined = undefined;
	stdio: Array<Readable | Writable | null> = [];
	stdin: Writable | null = null;
	stdout: Readable | null = null;
	stderr: Readable | null = null;
	exitCode: number | null = null;
	signalCode: NodeJS.Signals | null = null;
	killed = false;
	private hasExited = false;
	spawnfile: string;
	spawnargs: string[];
	private openStreams = 0;

	constructor(file: string, argv: string[]) {
		super();
		this.spawnfile = file;
		this.spawnargs = argv;
	}

	// sends signal (SIGTERM by default); false once the child was reaped or when it is gone, as ChildProcess.kill
	kill(signal: NodeJS.Signals | number = 'SIGTERM'): boolean {
		if (this.pid === undefined || this.hasExited) return false;
		try {
			process.kill(this.pid, signal);
			this.killed = true;
			return true;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ESRCH') this.emit('error', error);
			return false;
		}
	}

	adoptEnds(ends: readonly number[]): void {
		this.stdio = ends.map((fd, slot) => {
			if (fd < 0) return null;
			const stream = wrapParentEnd(fd, slot);
			this.openStreams++;
			stream.once('close', () => this.closeOneStream());
			return stream;
		});
		this.stdin = (this.stdio[0] as Writable | null | undefined) ?? null;
		this.stdout = (this.stdio[1] as Readable | null | undefined) ?? null;
		this.stderr = (this.stdio[2] as Readable | null | undefined) ?? null;
	}

	onExit(code: number, signal: number): void {
		this.hasExited = true;
		this.exitCode = code >= 0 ? code : null;
		this.signalCode = signal > 0 ? nameSignal(signal) : null;
		this.emit('exit', this.exitCode, this.signalCode);
		this.emitCloseWhenDone();
	}

	private closeOneStream(): void {
		this.openStreams--;
		this.emitCloseWhenDone();
	}

	private emitCloseWhenDone(): void {
		if (this.openStreams === 0 && this.hasExited) this.emit('close', this.exitCode, this.signalCode);
	}
}

// an error as child_process reports a failed spawn: `spawn FILE ENOENT`, with code, errno, syscall, path, spawnargs
const describeFailure = (error: NodeJS.ErrnoException, file: string, args: readonly string[]): NodeJS.ErrnoException =>
	Object.assign(new Error(`spawn ${file} ${error.code ?? 'failed'}`), {errno: error.errno, code: error.code, syscall: `spawn ${file}`, path: file, spawnargs: [...args]});

// spawns file with args (argv[0] = file, a PATH search when it has no slash) through posix_spawn; undefined when the
// addon has no spawn or a stdio entry cannot be passed, so that the caller uses child_process. A failed exec
// (ENOENT, EACCES …) is an 'error' on the next tick with no pid, as child_process reports it
export const spawnNative = (file: string, args: readonly string[], options: NativeSpawnOptions): VassalProcess | undefined => {
	const native = loadSpawnNative();
	if (native === undefined) return undefined;
	const stdio: number[] = [];
	for (const [slot, entry] of options.stdio.entries()) {
		const encoded = encodeStdioEntry(entry, slot);
		if (encoded === undefined) return undefined;
		stdio.push(encoded);
	}
	while (stdio.length < 3) stdio.push(IGNORE);
	const argv = [file, ...args];
	const child = new NativeChildProcess(file, argv);
	let result: number[];
	try {
		result = native.spawnProcess(file, argv, findEnvironment(native, options.env), options.cwd, stdio, options.detached, !file.includes('/'), (code, signal) => child.onExit(code, signal));
	} catch (error) {
		if (error instanceof TypeError) throw error;
		const failure = describeFailure(error as NodeJS.ErrnoException, file, argv);
		process.nextTick(() => child.emit('error', failure));
		return child;
	}
	child.pid = result[0];
	child.adoptEnds(result.slice(1));
	process.nextTick(() => child.emit('spawn'));
	return child;
};
