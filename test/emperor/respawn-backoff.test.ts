import assert from 'node:assert/strict';
import {test, type TestContext} from 'node:test';
import {logTime, startFakeEmperor} from '../helpers/fake-emperor.js';
import type {FakeBehaviour} from '../helpers/fake-vassal.js';

const backoffDelays = (logs: {event?: string; vassal?: string; delayMs?: unknown}[]) =>
	logs.filter(line => line.event === 'vassal-backoff' && line.vassal === 'a.ini').map(line => line.delayMs as number);

// a vassal that dies 20 ms after start, n times in a row, waits throttle·2^(n-1) ms ±10% before each respawn
const testCrashLoopBacksOff = async (t: TestContext, behaviour: FakeBehaviour) => {
	const emperor = startFakeEmperor(t, {
		vassals: {'a.ini': {exitAfterMs: 20, exitCode: 1, ...behaviour}},
		flags: {'--emperor-throttle': '100', '--emperor-max-throttle': '10000', '--emperor-stable-uptime': '10'},
	});
	await emperor.waitForLog(() => emperor.countLogs({event: 'vassal-spawned', vassal: 'a.ini'}) === 5);
	const spawns = emperor.logs.filter(line => line.event === 'vassal-spawned' && line.vassal === 'a.ini');
	const delays = backoffDelays(emperor.logs).slice(0, 4);
	assert.equal(delays.length, 4, `expected a vassal-backoff before each respawn, saw delays ${JSON.stringify(delays)}`);
	delays.forEach((delayMs, index) => {
		const expected = 100 * 2 ** index;
		assert.ok(delayMs >= expected * 0.89 && delayMs <= expected * 1.11, `backoff ${index + 1} is ${delayMs} ms, expected ${expected} ms ±10%`);
	});
	// no spin: the five spawns cannot come faster than the delays they waited
	const elapsed = logTime(spawns[4]!) - logTime(spawns[0]!);
	const waited = delays.reduce((sum, delayMs) => sum + delayMs, 0);
	assert.ok(elapsed >= waited * 0.9, `5 spawns took ${elapsed} ms but the backoffs add up to ${waited} ms`);
	const exits = emperor.logs.filter(line => line.event === 'vassal-exited' && line.vassal === 'a.ini');
	assert.ok(exits.every(line => line.code === 1), 'every death is logged with its exit code');
};

test('a vassal that dies before it accepts requests is respawned with growing delays', {timeout: 30_000}, t => testCrashLoopBacksOff(t, {send: [1]}));

test('a vassal that never sends a byte and dies quickly is respawned with growing delays', {timeout: 30_000}, t => testCrashLoopBacksOff(t, {send: []}));

// a vassal that serves (5 or 17) and dies comes back at once, up to the restart intensity; one more death backs off
const testServingVassalBoundedByIntensity = async (t: TestContext, behaviour: FakeBehaviour) => {
	const emperor = startFakeEmperor(t, {
		vassals: {'a.ini': {exitAfterMs: 20, exitCode: 1, ...behaviour}},
		flags: {'--emperor-throttle': '100', '--emperor-restart-intensity': '3', '--emperor-restart-period': '60'},
	});
	await emperor.waitForLog(() => backoffDelays(emperor.logs).length === 2);
	const decisions = emperor.logs
		.filter(line => (line.event === 'vassal-respawning' || line.event === 'vassal-backoff') && line.vassal === 'a.ini')
		.map(line => `${String(line.event)}:${String(line.reason)}`);
	assert.deepEqual(decisions, [
		'vassal-respawning:served', 'vassal-respawning:served', 'vassal-respawning:served',
		'vassal-backoff:restart-intensity', 'vassal-backoff:restart-intensity',
	]);
	const delays = backoffDelays(emperor.logs);
	assert.ok(delays[0]! >= 89 && delays[0]! <= 111 && delays[1]! >= 178 && delays[1]! <= 222, `delays ${JSON.stringify(delays)}`);
};

test('a vassal killed again and again while accepting comes back at once, then backs off past the restart intensity',
	{timeout: 30_000}, t => testServingVassalBoundedByIntensity(t, {send: [1, 5]}));

test('a loyal vassal that keeps dying is bounded by the restart intensity too', {timeout: 30_000}, t => testServingVassalBoundedByIntensity(t, {send: [1, 17]}));

test('backoff delays never exceed --emperor-max-throttle', {timeout: 30_000}, async t => {
	const emperor = startFakeEmperor(t, {
		vassals: {'a.ini': {exitAfterMs: 20, exitCode: 1}},
		flags: {'--emperor-throttle': '100', '--emperor-max-throttle': '300', '--emperor-stable-uptime': '10'},
	});
	await emperor.waitForLog(() => backoffDelays(emperor.logs).length === 5);
	const delays = backoffDelays(emperor.logs);
	assert.ok(delays.every(delayMs => delayMs <= 330), `delays ${JSON.stringify(delays)} exceed 300 ms +10%`);
	assert.ok(delays.slice(2).every(delayMs => delayMs >= 270), `delays ${JSON.stringify(delays)} do not stay at the 300 ms cap`);
});

test('a vassal that never accepted but dies after the stable uptime is respawned at once', {timeout: 30_000}, async t => {
	const emperor = startFakeEmperor(t, {
		vassals: {'a.ini': {send: [1], exitAfterMs: 1300, exitCode: 1}},
		flags: {'--emperor-throttle': '10000', '--emperor-stable-uptime': '1'},
	});
	const first = await emperor.waitForLog({event: 'vassal-spawned', vassal: 'a.ini'});
	await emperor.waitForLog({event: 'vassal-exited', vassal: 'a.ini'});
	// a throttled respawn would wait 10 s
	const second = await emperor.waitForLog(line => line.event === 'vassal-spawned' && line.vassal === 'a.ini' && line.pid !== first.pid, 5_000);
	const delays = backoffDelays(emperor.logs.slice(0, emperor.logs.indexOf(second)));
	assert.ok(delays.every(delayMs => delayMs === 0), `a stable run was throttled: ${JSON.stringify(delays)}`);
});
