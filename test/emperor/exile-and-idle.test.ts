import assert from 'node:assert/strict';
import {join} from 'node:path';
import {test} from 'node:test';
import {startFakeEmperor, waitForMoreLogs} from '../helpers/fake-emperor.js';
import {readVassalRecord, receivedBytes, touchFile} from '../helpers/fake-vassal.js';

// b.ini beats every 100 ms: 25 of its heartbeats span two rescans at --emperor-freq 1
const witness = {'b.ini': {heartbeatMs: 100}};

test('a vassal that exits 26 is exiled: not respawned until its file changes', {timeout: 30_000}, async t => {
	const emperor = startFakeEmperor(t, {vassals: {'a.ini': {exitAfterMs: 50, exitCode: 26}, ...witness}, flags: {'--log-level': 'debug'}});
	await emperor.waitForLog({event: 'vassal-exiled', vassal: 'a.ini'});
	await waitForMoreLogs(emperor, {event: 'vassal-heartbeat', vassal: 'b.ini'}, 25);
	assert.equal(emperor.countLogs({event: 'vassal-spawned', vassal: 'a.ini'}), 1, 'an exiled vassal was respawned');
	assert.equal(emperor.countLogs({event: 'vassal-backoff', vassal: 'a.ini'}), 0);
	touchFile(join(emperor.vassalsDir, 'a.ini'));
	await emperor.waitForLog(() => emperor.countLogs({event: 'vassal-spawned', vassal: 'a.ini'}) === 2, 5_000);
});

test('byte 22 (die-on-idle) stops the vassal with byte 0 and it stays idle until its file changes', {timeout: 30_000}, async t => {
	const emperor = startFakeEmperor(t, {vassals: {'a.ini': {send: [1, 5, 22]}, ...witness}, flags: {'--log-level': 'debug'}});
	await emperor.waitForLog({event: 'vassal-idle', vassal: 'a.ini'});
	await emperor.waitForLog({event: 'vassal-stopping', vassal: 'a.ini', reason: 'idle'});
	const exited = await emperor.waitForLog({event: 'vassal-exited', vassal: 'a.ini'});
	assert.equal(exited.code, 0);
	assert.deepEqual(receivedBytes(readVassalRecord(emperor.recordDir, 'a.ini')), [0]);
	await waitForMoreLogs(emperor, {event: 'vassal-heartbeat', vassal: 'b.ini'}, 25);
	assert.equal(emperor.countLogs({event: 'vassal-spawned', vassal: 'a.ini'}), 1, 'an idle vassal was respawned');
	touchFile(join(emperor.vassalsDir, 'a.ini'));
	await emperor.waitForLog(() => emperor.countLogs({event: 'vassal-spawned', vassal: 'a.ini'}) === 2, 5_000);
});
