import assert from 'node:assert/strict';
import {join} from 'node:path';
import {test} from 'node:test';
import {startControlServer} from '../../src/control/control-server.js';
import {readLogsAnswer} from '../../src/output/read-logs.js';
import {recordVassalLine, setVassalLineSink} from '../../src/output/vassal-lines.js';
import {resetJournalMode} from '../../src/output/vassal-output.js';
import {makeTempDir} from '../helpers/temp-dir.js';

test('logs over the control socket: the last N lines, then with follow each new one, until the server closes', async () => {
	resetJournalMode(false);
	setVassalLineSink(() => {});
	for (let index = 1; index <= 5; index++) recordVassalLine('served.ini', 'stderr', `line ${index}`);
	const path = join(makeTempDir('emperor-serve-logs-'), 'control');
	const server = await startControlServer(path, () => ({ok: true, message: 'other'}));
	try {
		const answers: unknown[] = [];
		assert.equal(await readLogsAnswer(path, {command: 'logs', vassal: 'served.ini', lines: 2}, value => answers.push(value)), undefined);
		assert.equal(answers.length, 1);
		const {result} = answers[0] as {result: {lines: {text: string}[]}};
		assert.deepEqual(result.lines.map(line => line.text), ['line 4', 'line 5']);

		const followed: unknown[] = [];
		// resolves once the follower has received `count` JSON lines
		const waiters = new Map<number, () => void>();
		const received = (count: number) => new Promise<void>(resolve => waiters.set(count, resolve));
		const first = received(1);
		const second = received(2);
		const following = readLogsAnswer(path, {command: 'logs', vassal: 'served.ini', lines: 0, follow: true}, value => {
			followed.push(value);
			waiters.get(followed.length)?.();
		});
		await first;
		recordVassalLine('other.ini', 'stdout', 'not this one');
		recordVassalLine('served.ini', 'stdout', 'new line');
		await second;
		assert.equal((followed[1] as {text: string}).text, 'new line');
		await server.close();
		assert.equal(await following, undefined);
		assert.equal(followed.length, 2);
	} finally {
		await server.close().catch(() => {});
		resetJournalMode();
	}
});

test('no line yet is an empty answer, not an error', async () => {
	resetJournalMode(false);
	const path = join(makeTempDir('emperor-serve-logs-'), 'control');
	const server = await startControlServer(path, () => ({ok: true, message: 'other'}));
	try {
		const answers: unknown[] = [];
		await readLogsAnswer(path, {command: 'logs', vassal: 'silent.ini'}, value => answers.push(value));
		assert.deepEqual(answers, [{ok: true, message: 'logs of silent.ini', result: {lines: []}}]);
	} finally {
		await server.close();
		resetJournalMode();
	}
});
