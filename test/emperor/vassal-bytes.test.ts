import assert from 'node:assert/strict';
import {test} from 'node:test';
import {startFakeEmperor} from '../helpers/fake-emperor.js';

const vassalEvents = (logs: {event?: string; vassal?: string}[], name: string) =>
	logs.filter(line => line.vassal === name).map(line => line.event);

test('bytes 1, 5 and 17 are logged as ready, accepting and loyal, in order', {timeout: 30_000}, async t => {
	const emperor = startFakeEmperor(t, {vassals: {'a.ini': {send: [1, 5, 17]}}});
	await emperor.waitForLog({event: 'vassal-loyal', vassal: 'a.ini'});
	const events = vassalEvents(emperor.logs, 'a.ini').filter(event => ['vassal-ready', 'vassal-accepting', 'vassal-loyal'].includes(event!));
	assert.deepEqual(events, ['vassal-ready', 'vassal-accepting', 'vassal-loyal']);
	const spawned = emperor.logs.find(line => line.event === 'vassal-spawned' && line.vassal === 'a.ini')!;
	const loyal = emperor.logs.find(line => line.event === 'vassal-loyal' && line.vassal === 'a.ini')!;
	assert.equal(loyal.pid, spawned.pid);
});

test('byte 26 is logged as a heartbeat at debug level', {timeout: 30_000}, async t => {
	const emperor = startFakeEmperor(t, {vassals: {'a.ini': {heartbeatMs: 50, heartbeatCount: 3}}, flags: {'--log-level': 'debug'}});
	await emperor.waitForLog(() => emperor.countLogs({event: 'vassal-heartbeat', vassal: 'a.ini'}) === 3);
});

test('unknown bytes from a vassal are ignored', {timeout: 30_000}, async t => {
	const emperor = startFakeEmperor(t, {vassals: {'a.ini': {send: [1, 99, 255, 5, 17]}}});
	await emperor.waitForLog({event: 'vassal-loyal', vassal: 'a.ini'});
	assert.equal(emperor.countLogs({event: 'vassal-killed'}), 0);
	assert.equal(emperor.countLogs({event: 'vassal-stopping'}), 0);
	assert.equal(emperor.countLogs({event: 'vassal-spawned', vassal: 'a.ini'}), 1);
	assert.equal(emperor.child.exitCode, null);
});
