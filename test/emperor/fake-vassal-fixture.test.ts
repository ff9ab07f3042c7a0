// checks the fake vassal itself, without the emperor, so that an emperor test never fails because of the fixture
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import type {Duplex} from 'node:stream';
import {test} from 'node:test';
import {FAKE_VASSAL_PATH, readVassalRecord, receivedBytes, waitForRecord, writeFakeVassal, type FakeBehaviour} from '../helpers/fake-vassal.js';
import {makeTempDir} from '../helpers/temp-dir.js';

// runs the fake as an emperor would (fd 3 a stream socket) and collects the bytes it sends
const runFake = (behaviour: FakeBehaviour) => {
	const vassalsDir = makeTempDir('fake-vassal-');
	const recordDir = makeTempDir('fake-records-');
	writeFakeVassal(vassalsDir, 'a.ini', behaviour);
	const child = spawn(FAKE_VASSAL_PATH, ['--ini', 'a.ini'], {
		cwd: vassalsDir,
		stdio: ['ignore', 'inherit', 'inherit', 'pipe'],
		env: {...process.env, UWSGI_EMPEROR_FD: '3', FAKE_VASSAL_RECORD_DIR: recordDir},
	});
	const channel = child.stdio[3] as Duplex;
	const bytes: number[] = [];
	const waiters: {count: number; resolve: () => void}[] = [];
	channel.on('data', (chunk: Buffer) => {
		bytes.push(...chunk);
		for (const waiter of waiters.filter(waiter => bytes.length >= waiter.count)) waiter.resolve();
	});
	const waitForBytes = (count: number) => new Promise<void>(resolve => {
		if (bytes.length >= count) resolve();
		else waiters.push({count, resolve});
	});
	const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
	return {child, channel, bytes, waitForBytes, exited, recordDir, records: () => readVassalRecord(recordDir, 'a.ini')};
};

test('the fake sends 1 and 5 by default and exits 0 on byte 0', {timeout: 10_000}, async () => {
	const fake = runFake({});
	await fake.waitForBytes(2);
	assert.deepEqual(fake.bytes, [1, 5]);
	fake.channel.write(Buffer.from([0]));
	assert.deepEqual(await fake.exited, [0, null]);
	assert.deepEqual(receivedBytes(fake.records()), [0]);
});

test('the fake answers byte 1 with 5 and exits 0 on byte 2', {timeout: 10_000}, async () => {
	const fake = runFake({send: [1, 5, 17]});
	await fake.waitForBytes(3);
	fake.channel.write(Buffer.from([1]));
	await fake.waitForBytes(4);
	assert.deepEqual(fake.bytes, [1, 5, 17, 5]);
	fake.channel.write(Buffer.from([2]));
	assert.deepEqual(await fake.exited, [0, null]);
});

test('the fake with ignore-stop survives bytes 0 and 2 and exits 1 on EOF', {timeout: 10_000}, async () => {
	const fake = runFake({ignoreStop: true, send: [1]});
	await fake.waitForBytes(1);
	fake.channel.write(Buffer.from([0, 2]));
	fake.channel.end();
	assert.deepEqual(await fake.exited, [1, null]);
	assert.deepEqual(receivedBytes(fake.records()), [0, 2]);
	assert.equal(fake.records().at(-1)?.why, 'eof');
});

test('the fake ignores listed signals, records them, and dies by the others', {timeout: 10_000}, async () => {
	const fake = runFake({ignoreSignals: ['SIGTERM']});
	await fake.waitForBytes(2);
	fake.child.kill('SIGTERM');
	await waitForRecord(fake.recordDir, 'a.ini', record => record.signal === 'SIGTERM');
	fake.child.kill('SIGINT');
	assert.deepEqual(await fake.exited, [null, 'SIGINT']);
});

test('the fake sends heartbeat-count heartbeats, then exits with exit-code after exit-after-ms', {timeout: 10_000}, async () => {
	const fake = runFake({send: [], heartbeatMs: 20, heartbeatCount: 3, exitAfterMs: 300, exitCode: 26});
	assert.deepEqual(await fake.exited, [26, null]);
	assert.deepEqual(fake.bytes, [26, 26, 26]);
	const start = fake.records()[0]!;
	assert.deepEqual(start.argv, ['--ini', 'a.ini']);
	assert.equal(start.stdin, '/dev/null');
	assert.equal(start.channelType, 'stream');
});
