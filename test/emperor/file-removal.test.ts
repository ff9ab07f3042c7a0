import assert from 'node:assert/strict';
import {rmSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {isProcessAlive, logTime, startFakeEmperor} from '../helpers/fake-emperor.js';
import {readVassalRecord, receivedBytes, waitForRecord} from '../helpers/fake-vassal.js';

test('removing a vassal file sends byte 0, the vassal exits and is forgotten', {timeout: 30_000}, async t => {
	const emperor = startFakeEmperor(t, {vassals: {'a.ini': {}}});
	const accepting = await emperor.waitForLog({event: 'vassal-accepting', vassal: 'a.ini'});
	rmSync(join(emperor.vassalsDir, 'a.ini'));
	await emperor.waitForLog({event: 'vassal-stopping', vassal: 'a.ini', reason: 'file-removed'});
	const exited = await emperor.waitForLog({event: 'vassal-exited', vassal: 'a.ini'});
	assert.equal(exited.code, 0);
	await emperor.waitForLog({event: 'vassal-removed', vassal: 'a.ini'});
	assert.deepEqual(receivedBytes(readVassalRecord(emperor.recordDir, 'a.ini')), [0]);
	assert.ok(!isProcessAlive(accepting.pid as number));
	assert.equal(emperor.countLogs({event: 'vassal-killed', vassal: 'a.ini'}), 0);
	assert.equal(emperor.countLogs({event: 'vassal-spawned', vassal: 'a.ini'}), 1, 'a removed vassal is not respawned');
});

test('with --emperor-graceful-shutdown removing a vassal file sends byte 2', {timeout: 30_000}, async t => {
	const emperor = startFakeEmperor(t, {vassals: {'a.ini': {}}, flags: {'--emperor-graceful-shutdown': true}});
	await emperor.waitForLog({event: 'vassal-accepting', vassal: 'a.ini'});
	rmSync(join(emperor.vassalsDir, 'a.ini'));
	await emperor.waitForLog({event: 'vassal-removed', vassal: 'a.ini'});
	assert.deepEqual(receivedBytes(readVassalRecord(emperor.recordDir, 'a.ini')), [2]);
});

test('a vassal that ignores byte 0 is killed after the curse tolerance', {timeout: 30_000}, async t => {
	const emperor = startFakeEmperor(t, {
		vassals: {'a.ini': {ignoreStop: true, ignoreSignals: ['SIGTERM', 'SIGINT', 'SIGQUIT', 'SIGHUP']}},
		flags: {'--emperor-curse-tolerance': '1'},
	});
	const accepting = await emperor.waitForLog({event: 'vassal-accepting', vassal: 'a.ini'});
	rmSync(join(emperor.vassalsDir, 'a.ini'));
	const stopping = await emperor.waitForLog({event: 'vassal-stopping', vassal: 'a.ini'});
	const killed = await emperor.waitForLog({event: 'vassal-killed', vassal: 'a.ini'}, 10_000);
	assert.equal(killed.reason, 'curse-tolerance');
	assert.ok(logTime(killed) - logTime(stopping) >= 900, `killed ${logTime(killed) - logTime(stopping)} ms after the stop, before the 1 s tolerance`);
	const exited = await emperor.waitForLog({event: 'vassal-exited', vassal: 'a.ini'});
	assert.equal(exited.signal, 'SIGKILL');
	await emperor.waitForLog({event: 'vassal-removed', vassal: 'a.ini'});
	await waitForRecord(emperor.recordDir, 'a.ini', record => record.event === 'byte' && record.byte === 0);
	assert.ok(!isProcessAlive(accepting.pid as number));
	assert.equal(emperor.countLogs({event: 'vassal-spawned', vassal: 'a.ini'}), 1);
});
