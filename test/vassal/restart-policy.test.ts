import assert from 'node:assert/strict';
import {test} from 'node:test';
import {addRecentDeath, computeBackoffDelay, decideRespawn, hasServed, type Death, type RestartPolicy} from '../../src/vassal/restart-policy.js';

const NOW = 1_000_000;
const policy: RestartPolicy = {throttleMs: 1000, maxThrottleMs: 180_000, stableUptimeMs: 10_000, jitter: 0.1, restartIntensity: 5, restartPeriodMs: 60_000};
const death = (overrides: Partial<Death>): Death => ({code: 1, hasServed: false, quickDeaths: 0, recentDeaths: [], ...overrides});
const decide = (overrides: Partial<Death>) => decideRespawn(death(overrides), policy, NOW, 0.5);

test('the first quick death waits one throttle step', () => {
	assert.equal(computeBackoffDelay(1, policy, 0.5), 1000);
});

test('each further quick death doubles the delay up to the cap', () => {
	const delays = Array.from({length: 10}, (_, index) => computeBackoffDelay(index + 1, policy, 0.5));
	assert.deepEqual(delays, [1000, 2000, 4000, 8000, 16000, 32000, 64000, 128000, 180000, 180000]);
});

test('jitter moves the delay by at most the configured fraction and never past the cap', () => {
	assert.equal(computeBackoffDelay(1, policy, 0), 900);
	assert.equal(computeBackoffDelay(1, policy, 0.999_999), 1100);
	assert.equal(computeBackoffDelay(40, policy, 0.999_999), 180_000);
});

test('no delay when nothing died quickly', () => {
	assert.equal(computeBackoffDelay(0, policy, 0.5), 0);
});

// serving, as the policy reads it
test('a process that accepted requests (byte 5) has served', () => {
	assert.equal(hasServed({accepting: true, loyal: false, uptimeMs: 50}, policy), true);
});

test('a loyal process (byte 17) has served', () => {
	assert.equal(hasServed({accepting: false, loyal: true, uptimeMs: 50}, policy), true);
});

test('an accepting that was only assumed (a program with ready = started) is not serving until the stable uptime', () => {
	const assumed = {...policy, isAcceptingAssumed: true};
	assert.equal(hasServed({accepting: true, loyal: false, uptimeMs: 50}, assumed), false);
	assert.equal(hasServed({accepting: true, loyal: false, uptimeMs: assumed.stableUptimeMs}, assumed), true);
});

test('a process up for the stable uptime has served, even silent', () => {
	assert.equal(hasServed({accepting: false, loyal: false, uptimeMs: 10_000}, policy), true);
});

test('a process that was only ready (byte 1), briefly, has not served', () => {
	assert.equal(hasServed({accepting: false, loyal: false, uptimeMs: 9_999}, policy), false);
});

// the decision, one test per cell: exile · served within the intensity · served beyond it · never served
test('a death after serving respawns at once and resets the backoff count', () => {
	assert.deepEqual(decide({hasServed: true, quickDeaths: 7}), {action: 'respawn', reason: 'served', quickDeaths: 0, delayMs: 0, recentDeaths: [NOW]});
});

test('five deaths after serving within the period all respawn at once', () => {
	let recentDeaths: readonly number[] = [];
	const reasons: string[] = [];
	for (let index = 0; index < 5; index++) {
		const decision = decideRespawn(death({hasServed: true, recentDeaths}), policy, NOW + index * 1000, 0.5);
		assert.equal(decision.action, 'respawn');
		if (decision.action !== 'respawn') return;
		reasons.push(`${decision.reason}:${decision.delayMs}`);
		recentDeaths = decision.recentDeaths;
	}
	assert.deepEqual(reasons, ['served:0', 'served:0', 'served:0', 'served:0', 'served:0']);
});

test('a sixth death after serving within the period backs off', () => {
	const recentDeaths = [NOW - 1000, NOW - 2000, NOW - 3000, NOW - 4000, NOW - 5000];
	assert.deepEqual(decide({hasServed: true, recentDeaths}), {
		action: 'respawn', reason: 'restart-intensity', quickDeaths: 1, delayMs: 1000, recentDeaths: [NOW, ...recentDeaths],
	});
});

test('deaths beyond the intensity keep doubling the delay while the window holds them', () => {
	const recentDeaths = [NOW - 1000, NOW - 2000, NOW - 3000, NOW - 4000, NOW - 5000, NOW - 6000];
	const decision = decide({hasServed: true, recentDeaths, quickDeaths: 2});
	assert.equal(decision.action === 'respawn' && decision.delayMs, 4000);
});

test('deaths older than the period no longer count', () => {
	const recentDeaths = [NOW - 60_000, NOW - 61_000, NOW - 62_000, NOW - 63_000, NOW - 64_000];
	assert.deepEqual(decide({hasServed: true, recentDeaths}), {action: 'respawn', reason: 'served', quickDeaths: 0, delayMs: 0, recentDeaths: [NOW]});
});

test('a restart intensity of 0 backs off every death', () => {
	const decision = decideRespawn(death({hasServed: true}), {...policy, restartIntensity: 0}, NOW, 0.5);
	assert.equal(decision.action === 'respawn' && decision.reason, 'restart-intensity');
});

test('a death before serving counts and waits', () => {
	assert.deepEqual(decide({quickDeaths: 2}), {action: 'respawn', reason: 'never-served', quickDeaths: 3, delayMs: 4000, recentDeaths: []});
});

test('a death before serving keeps the window of earlier deaths as it was', () => {
	const decision = decide({recentDeaths: [NOW - 5]});
	assert.deepEqual(decision.action === 'respawn' && decision.recentDeaths, [NOW - 5]);
});

test('exit status 26 exiles, served or not', () => {
	assert.deepEqual(decide({code: 26, hasServed: true}), {action: 'exile'});
	assert.deepEqual(decide({code: 26}), {action: 'exile'});
});

test('a death by signal before serving is a death like any other', () => {
	assert.deepEqual(decide({code: null}), {action: 'respawn', reason: 'never-served', quickDeaths: 1, delayMs: 1000, recentDeaths: []});
});

test('the window keeps the newest death first and drops the expired ones', () => {
	assert.deepEqual(addRecentDeath([NOW - 10, NOW - 60_000], NOW, 60_000), [NOW, NOW - 10]);
});
