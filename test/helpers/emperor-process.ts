import {spawn, type ChildProcess} from 'node:child_process';
import {once} from 'node:events';
import {fileURLToPath} from 'node:url';
import {createInterface} from 'node:readline';
import {readNodeFlags} from '../../src/emperor/node-flags.js';

export const CLI_PATH = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
// the emperor runs as its executable does, with the V8 flags of its first line
const NODE_FLAGS = readNodeFlags(CLI_PATH);

export type LogLine = Record<string, unknown> & {event?: string; vassal?: string; msg?: string};
export type LogPredicate = (line: LogLine) => boolean;

export type EmperorProcess = {
	child: ChildProcess;
	pid: number;
	logs: LogLine[];
	/** vassals' lines (vassal-output records) and lines of stdout/stderr that were not JSON */
	output: string[];
	waitForLog: (predicate: LogPredicate | Partial<LogLine>, timeoutMs?: number) => Promise<LogLine>;
	countLogs: (predicate: LogPredicate | Partial<LogLine>) => number;
	exited: Promise<{code: number | null; signal: NodeJS.Signals | null}>;
	stop: (signal?: NodeJS.Signals) => Promise<{code: number | null; signal: NodeJS.Signals | null}>;
};

// turns a partial log record into a predicate matching every given field
export const matchLog = (predicate: LogPredicate | Partial<LogLine>): LogPredicate =>
	typeof predicate === 'function'
		? predicate
		: line => Object.entries(predicate).every(([key, value]) => line[key] === value);

// starts the built emperor CLI as a real child process and collects its JSON log lines
// (a launcher, e.g. a socket-activation shim, runs first and execs `node cli.js …` in the same process)
export const startEmperorProcess = (args: string[], options: {env?: NodeJS.ProcessEnv; cwd?: string; uid?: number; gid?: number; launcher?: readonly string[]} = {}): EmperorProcess => {
	const [file, ...prefix] = [...(options.launcher ?? []), process.execPath];
	const child = spawn(file!, [...prefix, ...NODE_FLAGS, CLI_PATH, '--log-format', 'json', ...args], {
		stdio: ['ignore', 'pipe', 'pipe'],
		env: {...process.env, ...options.env},
		cwd: options.cwd,
		uid: options.uid,
		gid: options.gid,
	});
	const logs: LogLine[] = [];
	const output: string[] = [];
	const waiters = new Set<{predicate: LogPredicate; resolve: (line: LogLine) => void}>();
	const onLine = (text: string) => {
		let line: LogLine | undefined;
		try {
			const parsed: unknown = JSON.parse(text);
			if (parsed !== null && typeof parsed === 'object') line = parsed as LogLine;
		} catch {}
		if (line === undefined) {
			output.push(text);
			return;
		}
		logs.push(line);
		// a vassal's own lines reach the log as vassal-output records: they are its output as well
		if (line.event === 'vassal-output') output.push(String(line.msg));
		for (const waiter of waiters) {
			if (waiter.predicate(line)) {
				waiters.delete(waiter);
				waiter.resolve(line);
			}
		}
	};
	createInterface({input: child.stdout!}).on('line', onLine);
	createInterface({input: child.stderr!}).on('line', onLine);
	const exited = once(child, 'exit').then(([code, signal]) => ({code: code as number | null, signal: signal as NodeJS.Signals | null}));
	if (process.env.EMPEROR_TEST_VERBOSE) {
		child.stdout!.on('data', chunk => process.stderr.write(chunk));
		child.stderr!.on('data', chunk => process.stderr.write(chunk));
	}

	const waitForLog = (predicate: LogPredicate | Partial<LogLine>, timeoutMs = 20_000) => {
		const match = matchLog(predicate);
		const seen = logs.find(match);
		if (seen) return Promise.resolve(seen);
		return new Promise<LogLine>((resolve, reject) => {
			const waiter = {predicate: match, resolve: (line: LogLine) => {
				clearTimeout(timer);
				resolve(line);
			}};
			const timer = setTimeout(() => {
				waiters.delete(waiter);
				reject(new Error(`no log line matching ${JSON.stringify(predicate)} within ${timeoutMs} ms; last lines:\n${logs.slice(-15).map(l => JSON.stringify(l)).join('\n')}\n${output.slice(-15).join('\n')}`));
			}, timeoutMs);
			waiters.add(waiter);
			exited.then(() => {
				if (!waiters.has(waiter)) return;
				waiters.delete(waiter);
				clearTimeout(timer);
				reject(new Error(`emperor exited before a log line matching ${JSON.stringify(predicate)}; last lines:\n${logs.slice(-15).map(l => JSON.stringify(l)).join('\n')}\n${output.slice(-15).join('\n')}`));
			});
		});
	};

	const countLogs = (predicate: LogPredicate | Partial<LogLine>) => logs.filter(matchLog(predicate)).length;

	const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
		if (child.exitCode === null && child.signalCode === null) child.kill(signal);
		return exited;
	};

	return {child, pid: child.pid!, logs, output, waitForLog, countLogs, exited, stop};
};
