import {existsSync, readFileSync, renameSync, statSync, utimesSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';

// the fake vassal executable, passed to the emperor as --binary-path
export const FAKE_VASSAL_PATH = fileURLToPath(new URL('../fixtures/bin/fake-vassal.mjs', import.meta.url));

/** the [fake] section keys of test/fixtures/bin/fake-vassal.mjs */
export type FakeBehaviour = {
	send?: number[];
	sendAfterMs?: number;
	exitAfterMs?: number;
	exitCode?: number;
	ignoreStop?: boolean;
	/** keep running when the channel closes or fails (a vassal that would outlive its emperor) */
	ignoreEof?: boolean;
	ignoreSignals?: NodeJS.Signals[];
	heartbeatMs?: number;
	heartbeatCount?: number;
	onReload?: 'ack' | 'ignore';
	closeChannelAfterMs?: number;
	/** accept connections on fd 0 (an on-demand socket) and answer each with `PID\n` */
	serveStdin?: boolean;
	/** with serveStdin: send byte 22 this long after the last connection */
	idleAfterMs?: number;
};

export type VassalRecord = {
	event: 'start' | 'sent' | 'byte' | 'signal' | 'exit' | 'channel-error' | 'channel-closed' | 'connection' | 'eof-ignored';
	pid: number;
	at: number;
	argv?: string[];
	cwd?: string;
	env?: Record<string, string | undefined>;
	stdin?: string;
	fds?: Record<string, string>;
	channelType?: string;
	bytes?: number[];
	byte?: number;
	signal?: string;
	code?: number;
	why?: string;
};

// renders a vassal ini: a [uwsgi] section for the emperor, a [fake] section for the fake vassal
export const renderFakeVassal = (behaviour: FakeBehaviour = {}): string => {
	const keys: Record<string, string | number | boolean | undefined> = {
		send: behaviour.send?.join(','),
		'send-after-ms': behaviour.sendAfterMs,
		'exit-after-ms': behaviour.exitAfterMs,
		'exit-code': behaviour.exitCode,
		'ignore-stop': behaviour.ignoreStop,
		'ignore-eof': behaviour.ignoreEof,
		'ignore-signals': behaviour.ignoreSignals?.join(','),
		'heartbeat-ms': behaviour.heartbeatMs,
		'heartbeat-count': behaviour.heartbeatCount,
		'on-reload': behaviour.onReload,
		'close-channel-after-ms': behaviour.closeChannelAfterMs,
		'serve-stdin': behaviour.serveStdin,
		'idle-after-ms': behaviour.idleAfterMs,
	};
	const lines = Object.entries(keys).filter(([, value]) => value !== undefined).map(([key, value]) => `${key} = ${value}`);
	return ['[uwsgi]', 'master = true', 'processes = 1', '', '[fake]', ...lines, ''].join('\n');
};

let atomicWrites = 0;
// writes a file by rename, so a watcher never sees it half written
export const writeFileAtomic = (path: string, content: string | Buffer): void => {
	const temporary = join(tmpdir(), `emperor-test-write-${process.pid}-${atomicWrites++}`);
	writeFileSync(temporary, content);
	renameSync(temporary, path);
};

// writes a fake vassal ini named name into the vassals dir and returns its path
export const writeFakeVassal = (vassalsDir: string, name: string, behaviour: FakeBehaviour = {}): string => {
	const path = join(vassalsDir, name);
	writeFileAtomic(path, renderFakeVassal(behaviour));
	return path;
};

// moves a file's mtime forward, like touch, even within the same second as the last change
export const touchFile = (path: string): void => {
	const seconds = Math.max(Date.now(), statSync(path).mtimeMs + 10) / 1000;
	utimesSync(path, seconds, seconds);
};

// every event the fake vassal name recorded, in order (all its incarnations)
export const readVassalRecord = (recordDir: string, name: string): VassalRecord[] => {
	const path = join(recordDir, `${name}.jsonl`);
	if (!existsSync(path)) return [];
	return readFileSync(path, 'utf8').split('\n').filter(Boolean).map(line => JSON.parse(line) as VassalRecord);
};

// waits until the fake vassal name recorded an event matching predicate, and returns it
export const waitForRecord = async (
	recordDir: string,
	name: string,
	predicate: (record: VassalRecord) => boolean,
	timeoutMs = 10_000,
): Promise<VassalRecord> => {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const found = readVassalRecord(recordDir, name).find(predicate);
		if (found) return found;
		if (Date.now() > deadline) {
			const tail = readVassalRecord(recordDir, name).slice(-10).map(record => JSON.stringify(record));
			throw new Error(`fake vassal ${name} recorded nothing matching ${predicate.toString()} within ${timeoutMs} ms; last records:\n${tail.join('\n')}`);
		}
		await delay(20); // polls a file the vassal appends to; the condition, not the delay, ends the wait
	}
};

// the bytes a fake vassal process received from the emperor, in order
export const receivedBytes = (records: VassalRecord[], pid?: number): number[] =>
	records.filter(record => record.event === 'byte' && (pid === undefined || record.pid === pid)).map(record => record.byte!);
