import assert from 'node:assert/strict';
import {test} from 'node:test';
import {computeBackoffDelay, decideRespawn, type RestartPolicy} from '../../src/vassal/restart-policy.js';

const policy: RestartPolicy = {throttleMs: 1000, maxThrottleMs: 180_000, stableUptimeMs: 10_000, jitter: 0.1};

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

test('a death after a stable uptime respawns at once and resets the count', () => {
	assert.deepEqual(decideRespawn({code: 1, uptimeMs: 10_000, quickDeaths: 7}, policy, 0.5), {action: 'respawn', quickDeaths: 0, delayMs: 0});
});

test('a quick death counts and waits', () => {
	assert.deepEqual(decideRespawn({code: 1, uptimeMs: 200, quickDeaths: 2}, policy, 0.5), {action: 'respawn', quickDeaths: 3, delayMs: 4000});
});

test('exit status 26 exiles, whatever the uptime', () => {
	assert.deepEqual(decideRespawn({code: 26, uptimeMs: 60_000, quickDeaths: 0}, policy, 0.5), {action: 'exile'});
});

test('a death by signal is a death like any other', () => {
	assert.deepEqual(decideRespawn({code: null, uptimeMs: 5, quickDeaths: 0}, policy, 0.5), {action: 'respawn', quickDeaths: 1, delayMs: 1000});
});
