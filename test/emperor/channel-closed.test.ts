import assert from 'node:assert/strict';
import {join} from 'node:path';
import {test} from 'node:test';
import {isProcessAlive, logTime, startFakeEmperor} from '../helpers/fake-emperor.js';
import {touchFile} from '../helpers/fake-vassal.js';

test('a vassal that closes its channel but keeps running is killed after the curse tolerance and respawned', {timeout: 30_000}, async t => {
	const emperor = startFakeEmperor(t, {vassals: {'a.ini': {closeChannelAfterMs: 200}}, flags: {'--emperor-curse-tolerance': '1'}});
	const first = await emperor.waitForLog({event: 'vassal-spawned', vassal: 'a.ini'});
	const closed = await emperor.waitForLog({event: 'vassal-channel-closed', vassal: 'a.ini'});
	const killed = await emperor.waitForLog({event: 'vassal-killed', vassal: 'a.ini'}, 10_000);
	assert.deepEqual({reason: killed.reason, pid: killed.pid}, {reason: 'curse-tolerance', pid: first.pid});
	assert.ok(logTime(killed) - logTime(closed) >= 900, `killed ${logTime(killed) - logTime(closed)} ms after the channel closed, before the 1 s tolerance`);
	await emperor.waitForLog(line => line.event === 'vassal-spawned' && line.vassal === 'a.ini' && line.pid !== first.pid, 10_000);
	assert.ok(!isProcessAlive(first.pid as number));
});

test('touching a vassal whose channel is closed does not crash the emperor', {timeout: 30_000}, async t => {
	const emperor = startFakeEmperor(t, {vassals: {'a.ini': {closeChannelAfterMs: 200}}, flags: {'--emperor-curse-tolerance': '1'}});
	const first = await emperor.waitForLog({event: 'vassal-spawned', vassal: 'a.ini'});
	await emperor.waitForLog({event: 'vassal-channel-closed', vassal: 'a.ini'});
	touchFile(join(emperor.vassalsDir, 'a.ini')); // byte 1 into a closed socket: EPIPE
	const second = await emperor.waitForLog(line => line.event === 'vassal-spawned' && line.vassal === 'a.ini' && line.pid !== first.pid, 10_000);
	await emperor.waitForLog({event: 'vassal-accepting', vassal: 'a.ini', pid: second.pid});
	assert.equal(emperor.child.exitCode, null);
	assert.equal(emperor.countLogs({event: 'emperor-fatal'}), 0);
});
