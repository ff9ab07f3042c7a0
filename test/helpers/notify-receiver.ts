import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {join} from 'node:path';
import {createInterface} from 'node:readline';
import type {TestContext} from 'node:test';
import {fileURLToPath} from 'node:url';
import {makeTempDir} from './temp-dir.js';

const RECEIVER_PATH = fileURLToPath(new URL('../fixtures/bin/notify-receiver.py', import.meta.url));

/** one datagram: its sender's pid (SCM_CREDENTIALS), its text, and when it arrived (CLOCK_MONOTONIC, µs) */
export type NotifyDatagram = {pid: number; message: string; receivedUsec: number};

export type NotifyReceiver = {
	/** the socket path, to set as NOTIFY_SOCKET */
	path: string;
	datagrams: NotifyDatagram[];
	/** every line of every datagram, in order */
	lines: () => string[];
	waitFor: (predicate: (datagram: NotifyDatagram) => boolean, timeoutMs?: number) => Promise<NotifyDatagram>;
};

// binds a real unix datagram socket (python3's socket module) and collects what arrives on it, until the test ends
export const startNotifyReceiver = async (t: TestContext): Promise<NotifyReceiver> => {
	const path = join(makeTempDir('emperor-notify-'), 'notify.sock');
	const child = spawn('python3', [RECEIVER_PATH, path], {stdio: ['pipe', 'pipe', 'inherit']});
	t.after(() => child.kill('SIGKILL'));
	const datagrams: NotifyDatagram[] = [];
	const waiters = new Set<() => void>();
	const lines = createInterface({input: child.stdout});
	const [first] = (await Promise.race([once(lines, 'line'), once(child, 'exit')])) as [string | number];
	if (first !== 'listening') throw new Error(`notify receiver did not start (${String(first)})`);
	lines.on('line', function onDatagram(line) {
		datagrams.push(JSON.parse(line) as NotifyDatagram);
		for (const waiter of waiters) waiter();
	});

	const waitFor = (predicate: (datagram: NotifyDatagram) => boolean, timeoutMs = 20_000) =>
		new Promise<NotifyDatagram>((resolve, reject) => {
			const check = () => {
				const found = datagrams.find(predicate);
				if (found === undefined) return;
				waiters.delete(check);
				clearTimeout(timer);
				resolve(found);
			};
			const timer = setTimeout(() => {
				waiters.delete(check);
				reject(new Error(`no notify datagram matching ${predicate.toString()} within ${timeoutMs} ms; got:\n${datagrams.map(d => JSON.stringify(d.message)).join('\n')}`));
			}, timeoutMs);
			waiters.add(check);
			check();
		});

	return {path, datagrams, lines: () => datagrams.flatMap(datagram => datagram.message.split('\n')), waitFor};
};
