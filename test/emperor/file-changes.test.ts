import assert from 'node:assert/strict';
import {join} from 'node:path';
import {test} from 'node:test';
import {isProcessAlive, startFakeEmperor} from '../helpers/fake-emperor.js';
import {readVassalRecord, receivedBytes, renderFakeVassal, touchFile, waitForRecord, writeFileAtomic} from '../helpers/fake-vassal.js';

test('touching a vassal file sends byte 1 to the running vassal', {timeout: 30_000}, async t => {
	const emperor = startFakeEmperor(t, {vassals: {'a.ini': {}}});
	const accepting = await emperor.waitForLog({event: 'vassal-accepting', vassal: 'a.ini'});
	touchFile(join(emperor.vassalsDir, 'a.ini'));
	await emperor.waitForLog({event: 'vassal-reloading', vassal: 'a.ini', reason: 'file-changed'});
	const byte = await waitForRecord(emperor.recordDir, 'a.ini', record => record.event === 'byte');
	assert.equal(byte.byte, 1);
	assert.equal(byte.pid, accepting.pid, 'a reload keeps the process');
	assert.equal(emperor.countLogs({event: 'vassal-spawned', vassal: 'a.ini'}), 1);
});

test('one touch reloads once, even across rescans', {timeout: 30_000}, async t => {
	const emperor = startFakeEmperor(t, {vassals: {'a.ini': {heartbeatMs: 100}}, flags: {'--log-level': 'debug'}});
	await emperor.waitForLog({event: 'vassal-accepting', vassal: 'a.ini'});
	touchFile(join(emperor.vassalsDir, 'a.ini'));
	await waitForRecord(emperor.recordDir, 'a.ini', record => record.event === 'byte');
	// 25 heartbeats of 100 ms span two rescans at --emperor-freq 1
	await emperor.waitForLog(() => emperor.countLogs({event: 'vassal-heartbeat', vassal: 'a.ini'}) >= 25);
	assert.deepEqual(receivedBytes(readVassalRecord(emperor.recordDir, 'a.ini')), [1]);
	assert.equal(emperor.countLogs({event: 'vassal-reloading', vassal: 'a.ini'}), 1);
});

test('a second touch within the same second reloads again', {timeout: 30_000}, async t => {
	const emperor = startFakeEmperor(t, {vassals: {'a.ini': {}}});
	await emperor.waitForLog({event: 'vassal-accepting', vassal: 'a.ini'});
	const path = join(emperor.vassalsDir, 'a.ini');
	touchFile(path);
	await waitForRecord(emperor.recordDir, 'a.ini', record => record.event === 'byte');
	touchFile(path); // +10 ms: whole-second mtimes (uWSGI) would miss it
	await emperor.waitForLog(() => emperor.countLogs({event: 'vassal-reloading', vassal: 'a.ini'}) === 2);
	await waitForRecord(emperor.recordDir, 'a.ini', () => receivedBytes(readVassalRecord(emperor.recordDir, 'a.ini')).length === 2);
	assert.deepEqual(receivedBytes(readVassalRecord(emperor.recordDir, 'a.ini')), [1, 1]);
});

test('a bad edit of a running vassal is rejected and the running vassal keeps running; the fix reloads it', {timeout: 30_000}, async t => {
	const emperor = startFakeEmperor(t, {vassals: {'a.ini': {}}});
	const accepting = await emperor.waitForLog({event: 'vassal-accepting', vassal: 'a.ini'});
	const path = join(emperor.vassalsDir, 'a.ini');
	writeFileAtomic(path, '[fake]\nsend = 1,5\n');
	await emperor.waitForLog({event: 'vassal-config-invalid', vassal: 'a.ini'});
	writeFileAtomic(path, renderFakeVassal({}));
	await emperor.waitForLog({event: 'vassal-reloading', vassal: 'a.ini'});
	await waitForRecord(emperor.recordDir, 'a.ini', record => record.event === 'byte');
	assert.deepEqual(receivedBytes(readVassalRecord(emperor.recordDir, 'a.ini')), [1], 'the bad edit must not stop the vassal');
	assert.ok(isProcessAlive(accepting.pid as number));
	assert.equal(emperor.countLogs({event: 'vassal-spawned', vassal: 'a.ini'}), 1);
	assert.equal(emperor.countLogs({event: 'vassal-stopping', vassal: 'a.ini'}), 0);
});
