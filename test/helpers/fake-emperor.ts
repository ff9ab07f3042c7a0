import {chownSync, readdirSync, readFileSync} from 'node:fs';
import type {TestContext} from 'node:test';
import {startEmperorProcess, type EmperorProcess, type LogLine} from './emperor-process.js';
import {FAKE_VASSAL_PATH, readVassalRecord, writeFakeVassal, type FakeBehaviour} from './fake-vassal.js';
import {makeTempDir} from './temp-dir.js';

/** a flag value: a string, several strings (repeated flag), true (bare flag) or null (drop a default) */
export type FlagValue = string | string[] | true | null;

export type FakeEmperor = EmperorProcess & {
	vassalsDir: string;
	recordDir: string;
	/** pids of every vassal the emperor logged as spawned */
	vassalPids: () => number[];
};

// short timings so that fault cases resolve in about a second
export const FAST_FLAGS: Record<string, FlagValue> = {
	'--emperor-freq': '1',
	'--emperor-throttle': '100',
	'--emperor-max-throttle': '1000',
	'--emperor-curse-tolerance': '1',
	'--reload-mercy': '2',
};

// turns a flag record into argv, in insertion order
export const flagsToArgs = (flags: Record<string, FlagValue>): string[] =>
	Object.entries(flags).flatMap(([flag, value]) => {
		if (value === null) return [];
		if (value === true) return [flag];
		return (Array.isArray(value) ? value : [value]).flatMap(item => [flag, item]);
	});

// true while pid is a live (not zombie) process
export const isProcessAlive = (pid: number): boolean => {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
	} catch {
		return false;
	}
};

// SIGKILLs pid if it is still a fake vassal (guards against a recycled pid)
const killLeftoverVassal = (pid: number) => {
	try {
		if (isProcessAlive(pid) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('fake-vassal.mjs')) process.kill(pid, 'SIGKILL');
	} catch {}
};

// starts the built emperor on a fresh vassals dir with the fake vassal as binary; kills everything after the test
export const startFakeEmperor = (
	t: TestContext,
	options: {vassals?: Record<string, FakeBehaviour>; flags?: Record<string, FlagValue>; env?: NodeJS.ProcessEnv; vassalsDir?: string; user?: {uid: number; gid: number}} = {},
): FakeEmperor => {
	let emperor: EmperorProcess | undefined;
	const vassalPids = () => (emperor?.logs ?? [])
		.filter((line: LogLine) => line.event === 'vassal-spawned' && typeof line.pid === 'number')
		.map(line => line.pid as number);
	// registered before the temp dirs, so it runs before they are removed
	t.after(async function killEverything() {
		await emperor?.stop('SIGKILL');
		const names = readdirSync(recordDir).filter(file => file.endsWith('.jsonl')).map(file => file.slice(0, -'.jsonl'.length));
		const recorded = names.flatMap(name => readVassalRecord(recordDir, name).map(record => record.pid));
		for (const pid of new Set([...vassalPids(), ...recorded])) killLeftoverVassal(pid);
	});
	const vassalsDir = options.vassalsDir ?? makeTempDir('emperor-vassals-');
	const recordDir = makeTempDir('emperor-records-');
	for (const [name, behaviour] of Object.entries(options.vassals ?? {})) writeFakeVassal(vassalsDir, name, behaviour);
	// an emperor run as another user owns its directories, as it would its own
	if (options.user !== undefined) for (const directory of [vassalsDir, recordDir]) chownSync(directory, options.user.uid, options.user.gid);
	const flags = {'--vassals': vassalsDir, '--binary-path': FAKE_VASSAL_PATH, ...FAST_FLAGS, ...options.flags};
	emperor = startEmperorProcess(flagsToArgs(flags), {env: {FAKE_VASSAL_RECORD_DIR: recordDir, ...options.env}, ...options.user});
	return {...emperor, vassalsDir, recordDir, vassalPids};
};

// waits until the emperor logged n more lines matching fields than it has now: a clock made of log lines
export const waitForMoreLogs = async (emperor: EmperorProcess, fields: Partial<LogLine>, n: number, timeoutMs = 20_000): Promise<void> => {
	const target = emperor.countLogs(fields) + n;
	await emperor.waitForLog(() => emperor.countLogs(fields) >= target, timeoutMs);
};

// a log line's time in ms since the epoch (pino writes epoch ms or an ISO string)
export const logTime = (line: LogLine): number => (typeof line.time === 'number' ? line.time : Date.parse(String(line.time)));
