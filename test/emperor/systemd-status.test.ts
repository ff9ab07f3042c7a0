import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test, type TestContext} from 'node:test';
import {pino} from 'pino';
import {reportToSystemd} from '../../src/emperor/systemd-status.js';
import type {VassalView} from '../../src/emperor/readiness.js';
import {isLiveState, type VassalState} from '../../src/vassal/vassal-state.js';
import type {LogLine} from '../helpers/emperor-process.js';
import {startFakeEmperor, type FlagValue} from '../helpers/fake-emperor.js';
import type {FakeBehaviour} from '../helpers/fake-vassal.js';
import {startNotifyReceiver} from '../helpers/notify-receiver.js';
import {makeTempDir} from '../helpers/temp-dir.js';

const isLine = (wanted: string) => (datagram: {message: string}) => datagram.message.split('\n').includes(wanted);
const indexOfLog = (logs: LogLine[], fields: Partial<LogLine>) =>
	logs.findIndex(line => Object.entries(fields).every(([key, value]) => line[key] === value));

// an emperor as reportToSystemd sees it: vassals whose state the test sets, and a first scan the test completes
const makeFakeEmperor = () => {
	const vassals = new Map<string, VassalView>();
	const listeners = new Set<() => void>();
	let completeFirstScan: (names: readonly string[]) => void = () => {};
	const firstScan = new Promise<readonly string[]>(resolve => {
		completeFirstScan = resolve;
	});
	const onSettled = (listener: () => void) => {
		listeners.add(listener);
		return () => listeners.delete(listener);
	};
	const set = (name: string, state: VassalState) => {
		vassals.set(name, {record: {state}, isLive: () => isLiveState(state)});
		for (const listener of listeners) listener();
	};
	return {view: {vassals, firstScan, onSettled}, set, completeFirstScan: (names: readonly string[]) => completeFirstScan(names)};
};

const startReporter = (readyTimeoutMs = 60_000) => {
	const emperor = makeFakeEmperor();
	const sent: string[] = [];
	const reporter = reportToSystemd({emperor: emperor.view, sender: {send: message => sent.push(message), close: async () => {}}, logger: pino({enabled: false}), readyTimeoutMs});
	return {emperor, sent, reporter};
};

test('STATUS goes out only when the number of live vassals changes', () => {
	const {emperor, sent} = startReporter();
	emperor.set('a.ini', 'starting');
	emperor.set('a.ini', 'running');
	emperor.set('b.ini', 'invalid');
	emperor.set('a.ini', 'backoff');
	assert.deepEqual(sent, ['STATUS=The Emperor is governing 0 vassals', 'STATUS=The Emperor is governing 1 vassals', 'STATUS=The Emperor is governing 0 vassals']);
});

test('READY=1 waits for every first-scan vassal, however it settles', async () => {
	const {emperor, sent, reporter} = startReporter();
	emperor.set('a.ini', 'starting');
	emperor.set('b.ini', 'starting');
	emperor.completeFirstScan(['a.ini', 'b.ini']);
	await emperor.view.firstScan;
	emperor.set('a.ini', 'running');
	assert.ok(!sent.includes('READY=1'), 'b.ini is still starting');
	emperor.set('b.ini', 'backoff');
	assert.equal(sent.at(-1), 'READY=1');
	reporter.stopping();
});

test('without a service manager the log says every vassal is up, and nothing of READY=1', async () => {
	for (const isNotifying of [true, false]) {
		const emperor = makeFakeEmperor();
		const messages: string[] = [];
		const logger = pino({}, {write: (line: string) => messages.push((JSON.parse(line) as {msg: string}).msg)});
		const reporter = reportToSystemd({emperor: emperor.view, sender: {send: () => {}, close: async () => {}}, logger, readyTimeoutMs: 60_000, isNotifying});
		emperor.set('a.ini', 'running');
		emperor.completeFirstScan(['a.ini']);
		await emperor.view.firstScan;
		await new Promise(resolve => setImmediate(resolve));
		assert.deepEqual(messages, [isNotifying ? 'every vassal of the first scan is up: READY=1' : 'every vassal of the first scan is up']);
		reporter.stopping();
	}
});

test('an emperor on a plain terminal (no NOTIFY_SOCKET) never logs READY=1', {timeout: 30_000}, async t => {
	const emperor = startFakeEmperor(t, {vassals: {'a.ini': {send: [1, 5]}}, env: {NOTIFY_SOCKET: undefined}});
	const ready = await emperor.waitForLog({event: 'emperor-ready'});
	assert.equal(ready.msg, 'every vassal of the first scan is up');
	process.kill(emperor.pid, 'SIGHUP');
	await emperor.waitForLog(line => line.event === 'emperor-ready' && line.reason === 'reload');
	assert.deepEqual(emperor.logs.filter(line => String(line.msg).includes('READY=1')), []);
	assert.deepEqual(emperor.output.filter(line => line.includes('READY=1')), []);
});

test('a SIGHUP while the start is awaited sends RELOADING=1 and one READY=1 once every vassal is back', async () => {
	const {emperor, sent, reporter} = startReporter();
	emperor.set('a.ini', 'starting');
	emperor.completeFirstScan(['a.ini']);
	await emperor.view.firstScan;
	reporter.reload(() => emperor.set('a.ini', 'reloading'));
	assert.match(sent.at(-1)!, /^RELOADING=1\nMONOTONIC_USEC=\d+$/);
	emperor.set('a.ini', 'running');
	assert.deepEqual(sent.filter(message => message === 'READY=1'), ['READY=1']);
	reporter.stopping();
});

test('a stop before the first scan is applied sends STOPPING=1 and never READY=1', async () => {
	const {emperor, sent, reporter} = startReporter();
	emperor.set('a.ini', 'starting');
	reporter.stopping();
	reporter.stopping();
	emperor.completeFirstScan(['a.ini']);
	await emperor.view.firstScan;
	emperor.set('a.ini', 'stopped');
	reporter.buried();
	emperor.set('a.ini', 'starting');
	assert.deepEqual(sent, ['STATUS=The Emperor is governing 0 vassals', 'STATUS=The Emperor is governing 1 vassals', 'STOPPING=1', 'STATUS=The Emperor is governing 0 vassals', 'STATUS=The Emperor is buried.']);
});

// a real emperor with NOTIFY_SOCKET on a receiver, fake vassals, and an invalid vassal that runs nothing
const startNotifiedEmperor = async (t: TestContext, vassals: Record<string, FakeBehaviour>, flags: Record<string, FlagValue>) => {
	const receiver = await startNotifyReceiver(t);
	const vassalsDir = makeTempDir('emperor-vassals-');
	writeFileSync(join(vassalsDir, 'invalid.ini'), 'no section here\n');
	const emperor = startFakeEmperor(t, {vassalsDir, vassals, flags, env: {NOTIFY_SOCKET: receiver.path}});
	return {receiver, emperor};
};

test('READY=1 waits for the first scan: a slow vassal, STATUS counts, RELOADING/READY on SIGHUP, STOPPING, buried', {timeout: 40_000}, async t => {
	const {receiver, emperor} = await startNotifiedEmperor(t, {'fast.ini': {}, 'slow.ini': {sendAfterMs: 1500}}, {'--ready-timeout': '20'});

	const ready = await receiver.waitFor(isLine('READY=1'));
	const readyLog = await emperor.waitForLog({event: 'emperor-ready', reason: 'start'});
	assert.ok(indexOfLog(emperor.logs, {event: 'vassal-ready', vassal: 'slow.ini'}) < indexOfLog(emperor.logs, {event: 'emperor-ready'}), 'READY=1 before the slow vassal sent byte 1');
	assert.ok((readyLog.waitedMs as number) >= 1400, `READY=1 after ${String(readyLog.waitedMs)} ms; the slow vassal sends byte 1 after 1500 ms from its spawn`);
	const beforeReady = receiver.datagrams.slice(0, receiver.datagrams.indexOf(ready));
	assert.equal(beforeReady.filter(isLine('READY=1')).length, 0);
	assert.equal(beforeReady.at(-1)?.message, 'STATUS=The Emperor is governing 2 vassals', 'the invalid vassal runs nothing');

	const beforeHup = receiver.datagrams.length;
	emperor.child.kill('SIGHUP');
	const reloading = await receiver.waitFor(isLine('RELOADING=1'));
	const monotonic = Number(/^MONOTONIC_USEC=(\d+)$/m.exec(reloading.message)?.[1]);
	assert.ok(monotonic <= reloading.receivedUsec && monotonic > reloading.receivedUsec - 5_000_000, `MONOTONIC_USEC=${monotonic} is CLOCK_MONOTONIC (received at ${reloading.receivedUsec})`);
	await receiver.waitFor(datagram => receiver.datagrams.indexOf(datagram) > receiver.datagrams.indexOf(reloading) && isLine('READY=1')(datagram));
	await emperor.waitForLog({event: 'emperor-ready', reason: 'reload'});
	assert.equal(receiver.datagrams.indexOf(reloading), beforeHup, 'RELOADING=1 is the first message after SIGHUP');

	emperor.child.kill('SIGTERM');
	assert.deepEqual(await emperor.exited, {code: 0, signal: null});
	await receiver.waitFor(isLine('STATUS=The Emperor is buried.'));
	const afterHup = receiver.datagrams.slice(beforeHup).map(datagram => datagram.message);
	const stopping = afterHup.indexOf('STOPPING=1');
	assert.ok(stopping > afterHup.indexOf('READY=1'), `STOPPING=1 after the reload's READY=1: ${JSON.stringify(afterHup)}`);
	assert.deepEqual(afterHup.slice(stopping), ['STOPPING=1', 'STATUS=The Emperor is governing 1 vassals', 'STATUS=The Emperor is governing 0 vassals', 'STATUS=The Emperor is buried.']);
	assert.deepEqual(new Set(receiver.datagrams.map(datagram => datagram.pid)), new Set([emperor.pid]), 'every datagram comes from the main pid (NotifyAccess=main)');
});

test('READY=1 goes out after --ready-timeout when a vassal never says it is up', {timeout: 30_000}, async t => {
	const receiver = await startNotifyReceiver(t);
	const emperor = startFakeEmperor(t, {vassals: {'mute.ini': {send: []}}, flags: {'--ready-timeout': '1'}, env: {NOTIFY_SOCKET: receiver.path}});
	await receiver.waitFor(isLine('READY=1'));
	const timeout = await emperor.waitForLog({event: 'emperor-ready-timeout'});
	assert.deepEqual(timeout.vassals, ['mute.ini']);
	assert.ok((timeout.waitedMs as number) >= 950, `READY=1 after ${String(timeout.waitedMs)} ms, --ready-timeout 1`);
	assert.equal(timeout.level, 40, 'logged as a warning');
});

test('vassals that fail, back off, are exiled or invalid do not hold READY=1', {timeout: 30_000}, async t => {
	const {receiver, emperor} = await startNotifiedEmperor(t, {
		'crash.ini': {send: [], exitAfterMs: 50, exitCode: 1},
		'exiled.ini': {send: [], exitAfterMs: 50, exitCode: 26},
	}, {'--ready-timeout': '20', '--emperor-throttle': '5000'});
	await receiver.waitFor(isLine('READY=1'));
	const ready = await emperor.waitForLog({event: 'emperor-ready', reason: 'start'});
	assert.ok((ready.waitedMs as number) < 5000, 'READY=1 did not wait for the backoff to end');
	assert.equal(emperor.countLogs({event: 'emperor-ready-timeout'}), 0);
	assert.ok(emperor.countLogs({event: 'vassal-backoff', vassal: 'crash.ini'}) >= 1);
	assert.ok(emperor.countLogs({event: 'vassal-exiled', vassal: 'exiled.ini'}) >= 1);
});

test('WATCHDOG=1 arrives every WATCHDOG_USEC/2 when systemd asks for it', {timeout: 30_000}, async t => {
	const receiver = await startNotifyReceiver(t);
	const emperor = startFakeEmperor(t, {vassals: {'a.ini': {}}, flags: {'--log-level': 'debug'}, env: {NOTIFY_SOCKET: receiver.path, WATCHDOG_USEC: '200000'}});
	await receiver.waitFor(isLine('WATCHDOG=1'));
	// three more pings take ~300 ms at WATCHDOG_USEC/2 = 100 ms; 3 s leaves room for a loaded machine
	await receiver.waitFor(() => receiver.datagrams.filter(isLine('WATCHDOG=1')).length >= 4, 3000);
	const pings = receiver.datagrams.filter(isLine('WATCHDOG=1')).map(datagram => datagram.receivedUsec);
	const gaps = pings.slice(1).map((at, index) => at - pings[index]!);
	assert.ok(gaps.every(gap => gap >= 80_000), `no faster than every 100 ms, got gaps (µs) ${gaps.join(' ')}`);
	assert.deepEqual(new Set(receiver.datagrams.map(datagram => datagram.pid)), new Set([emperor.pid]));
	assert.equal((await emperor.waitForLog({event: 'emperor-notify'})).transport, 'datagram', 'unix-dgram is built and used');
});

test('without NOTIFY_SOCKET the emperor opens no notifier, and runs and stops as usual', {timeout: 30_000}, async t => {
	const emperor = startFakeEmperor(t, {vassals: {'a.ini': {}}, flags: {'--log-level': 'debug'}, env: {NOTIFY_SOCKET: undefined, WATCHDOG_USEC: '100000'}});
	await emperor.waitForLog({event: 'emperor-ready', reason: 'start'});
	emperor.child.kill('SIGTERM');
	assert.deepEqual(await emperor.exited, {code: 0, signal: null});
	assert.equal(emperor.countLogs({event: 'emperor-notify'}), 0, 'no transport was chosen');
	assert.equal(emperor.countLogs({event: 'emperor-notify-failed'}), 0);
});
