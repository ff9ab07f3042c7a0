import assert from 'node:assert/strict';
import {test} from 'node:test';
import {logTime, startFakeEmperor, waitForMoreLogs} from '../helpers/fake-emperor.js';
import {readVassalRecord} from '../helpers/fake-vassal.js';

test('a vassal that stops sending heartbeats is killed and respawned', {timeout: 30_000}, async t => {
	const emperor = startFakeEmperor(t, {
		vassals: {'a.ini': {heartbeatMs: 100, heartbeatCount: 3}},
		flags: {'--emperor-required-heartbeat': '1'},
	});
	const first = await emperor.waitForLog({event: 'vassal-spawned', vassal: 'a.ini'});
	const killed = await emperor.waitForLog({event: 'vassal-killed', vassal: 'a.ini'}, 10_000);
	assert.equal(killed.reason, 'heartbeat-lost');
	assert.equal(killed.pid, first.pid);
	const lastBeat = readVassalRecord(emperor.recordDir, 'a.ini').filter(record => record.pid === first.pid && record.bytes?.includes(26)).at(-1)!;
	assert.ok(logTime(killed) - lastBeat.at >= 900, `killed ${logTime(killed) - lastBeat.at} ms after the last heartbeat, before the 1 s requirement`);
	const exited = await emperor.waitForLog({event: 'vassal-exited', vassal: 'a.ini'});
	assert.equal(exited.signal, 'SIGKILL');
	await emperor.waitForLog(line => line.event === 'vassal-spawned' && line.vassal === 'a.ini' && line.pid !== first.pid, 10_000);
});

test('heartbeats are required only after the first one, and regular ones keep a vassal alive', {timeout: 30_000}, async t => {
	const emperor = startFakeEmperor(t, {
		vassals: {'beating.ini': {heartbeatMs: 100}, 'silent.ini': {}},
		flags: {'--emperor-required-heartbeat': '1', '--log-level': 'debug'},
	});
	await emperor.waitForLog({event: 'vassal-accepting', vassal: 'silent.ini'});
	await waitForMoreLogs(emperor, {event: 'vassal-heartbeat', vassal: 'beating.ini'}, 30);
	assert.equal(emperor.countLogs({event: 'vassal-killed'}), 0);
	assert.equal(emperor.countLogs({event: 'vassal-spawned'}), 2);
});
