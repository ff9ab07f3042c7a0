import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {realpathSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test, type TestContext} from 'node:test';
import {startEmperorProcess} from '../helpers/emperor-process.js';
import {isProcessAlive, logTime, startFakeEmperor} from '../helpers/fake-emperor.js';
import {readVassalRecord, receivedBytes, waitForRecord, type FakeBehaviour} from '../helpers/fake-vassal.js';
import {findProcessesUnder, waitForChildren, waitForProcessesGone} from '../helpers/processes.js';
import {makeTempDir} from '../helpers/temp-dir.js';

const stubborn: FakeBehaviour = {ignoreStop: true, ignoreSignals: ['SIGTERM', 'SIGINT', 'SIGQUIT', 'SIGHUP']};
const signalsReceived = (recordDir: string, name: string) =>
	readVassalRecord(recordDir, name).filter(record => record.event === 'signal').map(record => record.signal);

test('SIGHUP sends byte 1 to every vassal', {timeout: 30_000}, async t => {
	const emperor = startFakeEmperor(t, {vassals: {'a.ini': {}, 'b.ini': {}}});
	const pids = await Promise.all(['a.ini', 'b.ini'].map(async vassal => (await emperor.waitForLog({event: 'vassal-accepting', vassal})).pid));
	emperor.child.kill('SIGHUP');
	await emperor.waitForLog({event: 'emperor-signal', signal: 'SIGHUP'});
	for (const [index, name] of ['a.ini', 'b.ini'].entries()) {
		const byte = await waitForRecord(emperor.recordDir, name, record => record.event === 'byte');
		assert.equal(byte.byte, 1);
		assert.equal(byte.pid, pids[index]);
		await emperor.waitForLog({event: 'vassal-reloading', vassal: name, reason: 'reload-all'});
	}
	assert.equal(emperor.child.exitCode, null, 'SIGHUP must not stop the emperor');
	assert.equal(emperor.countLogs({event: 'vassal-spawned'}), 2);
});

// polite exits on byte 0, stubborn ignores byte 0 and every signal; signal the emperor and check Ragnarok end to end
const testShutdown = async (t: TestContext, signal: NodeJS.Signals, curseTolerance: string) => {
	const emperor = startFakeEmperor(t, {
		vassals: {'polite.ini': {}, 'stubborn.ini': stubborn},
		flags: {'--reload-mercy': '2', '--emperor-curse-tolerance': curseTolerance},
	});
	const polite = await emperor.waitForLog({event: 'vassal-accepting', vassal: 'polite.ini'});
	const stubbornPid = (await emperor.waitForLog({event: 'vassal-accepting', vassal: 'stubborn.ini'})).pid as number;
	emperor.child.kill(signal);
	const shutdown = await emperor.waitForLog({event: 'emperor-shutdown'});
	const killed = await emperor.waitForLog({event: 'vassal-killed', vassal: 'stubborn.ini'}, 10_000);
	const killedAfter = logTime(killed) - logTime(shutdown);
	assert.deepEqual({reason: killed.reason, isAfterMercy: killedAfter >= 1800}, {reason: 'no-mercy', isAfterMercy: true}, `killed ${killedAfter} ms after the shutdown; --reload-mercy 2`);
	await emperor.waitForLog({event: 'emperor-buried'});
	const {code, signal: exitSignal} = await emperor.exited;
	assert.deepEqual({code, signal: exitSignal}, {code: 0, signal: null});
	assert.deepEqual(receivedBytes(readVassalRecord(emperor.recordDir, 'polite.ini')), [0]);
	assert.deepEqual(receivedBytes(readVassalRecord(emperor.recordDir, 'stubborn.ini')), [0]);
	const exitOf = (vassal: string) => emperor.logs.find(line => line.event === 'vassal-exited' && line.vassal === vassal);
	assert.deepEqual({code: exitOf('polite.ini')?.code, class: exitOf('polite.ini')?.class}, {code: 0, class: 'clean'});
	assert.deepEqual({signal: exitOf('stubborn.ini')?.signal, class: exitOf('stubborn.ini')?.class}, {signal: 'SIGKILL', class: 'signal'});
	assert.ok(!isProcessAlive(polite.pid as number), 'polite vassal left running');
	assert.ok(!isProcessAlive(stubbornPid), 'stubborn vassal left running');
	// a uWSGI 2.0 vassal reloads on SIGTERM, so the emperor must never send it (architecture.md)
	assert.ok(!signalsReceived(emperor.recordDir, 'stubborn.ini').includes('SIGTERM'), 'the emperor sent SIGTERM to a vassal');
};

for (const signal of ['SIGTERM', 'SIGINT', 'SIGQUIT'] as const) {
	test(`${signal} stops every vassal with byte 0, kills the stubborn one after --reload-mercy and exits 0`, {timeout: 30_000}, t =>
		testShutdown(t, signal, '30'));
}

// uWSGI's Ragnarok waits reload-mercy only; a shorter curse tolerance must not cut the shutdown grace short
test('the shutdown waits --reload-mercy even when the curse tolerance is shorter', {timeout: 30_000}, t =>
	testShutdown(t, 'SIGTERM', '1'));

test('a second SIGTERM during shutdown is logged and the emperor still exits 0', {timeout: 30_000}, async t => {
	const emperor = startFakeEmperor(t, {vassals: {'stubborn.ini': stubborn}, flags: {'--reload-mercy': '2'}});
	await emperor.waitForLog({event: 'vassal-accepting', vassal: 'stubborn.ini'});
	emperor.child.kill('SIGTERM');
	await emperor.waitForLog({event: 'emperor-shutdown'});
	emperor.child.kill('SIGTERM');
	await emperor.waitForLog(() => emperor.countLogs({event: 'emperor-signal', signal: 'SIGTERM'}) === 2);
	await emperor.waitForLog({event: 'emperor-buried'});
	const {code, signal} = await emperor.exited;
	assert.deepEqual({code, signal}, {code: 0, signal: null});
	assert.equal(emperor.countLogs({event: 'emperor-fatal'}), 0);
	assert.equal(emperor.countLogs({event: 'emperor-shutdown'}), 1, 'a second signal must not start a second shutdown');
});

test('every vassal dies when the emperor is SIGKILLed (its death signal, or channel EOF), and no vassal process remains', {timeout: 30_000}, async t => {
	const emperor = startFakeEmperor(t, {vassals: {'a.ini': {}, 'b.ini': {}, 'c.ini': {}}});
	for (const vassal of ['a.ini', 'b.ini', 'c.ini']) await emperor.waitForLog({event: 'vassal-accepting', vassal});
	// a vassal that inherited another's emperor end would keep that channel open and never see EOF: fd 3 is its only socket above 2
	for (const name of ['a.ini', 'b.ini', 'c.ini']) {
		const start = await waitForRecord(emperor.recordDir, name, record => record.event === 'start');
		const sockets = Object.entries(start.fds ?? {}).filter(([fd, target]) => Number(fd) > 2 && target.startsWith('socket:')).map(([fd]) => fd);
		assert.deepEqual(sockets, ['3']);
	}
	assert.deepEqual(await emperor.stop('SIGKILL'), {code: null, signal: 'SIGKILL'});
	await waitForProcessesGone(emperor.vassalPids(), 5000);
	// the death signal usually comes first; a vassal that read the EOF before it exits 1, as uWSGI does
	for (const name of ['a.ini', 'b.ini', 'c.ini']) {
		const exits = readVassalRecord(emperor.recordDir, name).filter(record => record.event === 'exit');
		for (const exit of exits) assert.deepEqual({code: exit.code, why: exit.why}, {code: 1, why: 'eof'});
	}
});

const hasUwsgi = spawnSync('uwsgi', ['--version'], {stdio: 'ignore'}).status === 0;

// systemd's KillMode=mixed leaves vassals to the emperor; if the emperor dies, they must not outlive it
test('real uWSGI vassals (master and workers) are gone within seconds of a SIGKILL of the emperor', {timeout: 40_000, skip: hasUwsgi ? false : 'uwsgi is not installed (Debian package uwsgi-core)'}, async t => {
	const vassalsDir = realpathSync(makeTempDir('emperor-vassals-'));
	for (const name of ['a', 'b']) writeFileSync(join(vassalsDir, `${name}.ini`), ['[uwsgi]', 'master = true', 'processes = 2', `socket = %d${name}.sock`, ''].join('\n'));
	const emperor = startEmperorProcess(['--vassals', vassalsDir]);
	t.after(async () => {
		await emperor.stop('SIGKILL');
		for (const pid of findProcessesUnder(vassalsDir)) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {}
		}
	});
	for (const vassal of ['a.ini', 'b.ini']) await emperor.waitForLog({event: 'vassal-accepting', vassal});
	const masters = emperor.logs.filter(line => line.event === 'vassal-spawned').map(line => line.pid as number);
	const workers = await Promise.all(masters.map(master => waitForChildren(master, 2)));
	const uwsgiProcesses = [...masters, ...workers.flat()];
	const killedAt = Date.now();
	await emperor.stop('SIGKILL');
	await waitForProcessesGone(uwsgiProcesses, 15_000);
	assert.deepEqual(findProcessesUnder(vassalsDir), []);
	console.log(`[figure] emperor SIGKILL → ${uwsgiProcesses.length} uWSGI processes gone: ${Date.now() - killedAt} ms`);
});
