import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {makeTempDir} from '../helpers/temp-dir.js';
import {startReadinessProbe, type ProbeAttempt} from '../../src/launch/readiness-probe.js';

const isAlive = (pid: number) => {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
};
// the active timers (or other resources) of this process, by kind
const countResources = (kind: string) => process.getActiveResourcesInfo().filter(resource => resource === kind).length;

test('the probe runs until its command exits 0, then reports ready once and leaves no timer', async () => {
	const marker = join(makeTempDir(), 'up');
	const attempts: ProbeAttempt[] = [];
	let readyCount = 0;
	const timersBefore = countResources('Timeout');
	const probe = startReadinessProbe({
		command: `test -e '${marker}'`,
		intervalMs: 20,
		onReady: () => readyCount++,
		// the marker appears only after two failed runs, so failing runs are seen and retried
		onAttempt: attempt => {
			attempts.push(attempt);
			if (attempts.length === 2) writeFileSync(marker, '');
		},
	});
	assert.equal(await probe.outcome, 'ready');
	assert.equal(readyCount, 1);
	assert.deepEqual(attempts.slice(0, 2).map(attempt => [attempt.exitCode, attempt.isTimedOut]), [[1, false], [1, false]]);
	assert.equal(countResources('Timeout'), timersBefore, 'no timer stays once ready');
	probe.stop();
	assert.equal(await probe.outcome, 'ready');
});

test('a run that takes longer than the timeout is killed and counts as a failure', async () => {
	const attempts: ProbeAttempt[] = [];
	const pids: number[] = [];
	const probe = startReadinessProbe({command: 'sleep 30', timeoutMs: 100, intervalMs: 10, onReady: () => assert.fail('sleep never succeeds'), onSpawn: pid => pids.push(pid), onAttempt: attempt => {
		attempts.push(attempt);
		if (attempts.length === 2) probe.stop();
	}});
	assert.equal(await probe.outcome, 'stopped');
	assert.deepEqual(attempts.map(attempt => [attempt.isTimedOut, attempt.signal]), [[true, 'SIGKILL'], [true, 'SIGKILL']]);
	assert.ok(pids.every(pid => !isAlive(pid)));
});

test('stop() kills a probe that is running and no timer or child stays', async () => {
	const timersBefore = countResources('Timeout');
	let pid: number | undefined;
	let onSpawned = () => {};
	const spawned = new Promise<void>(resolve => (onSpawned = resolve));
	const probe = startReadinessProbe({command: 'sleep 30', timeoutMs: 60_000, onReady: () => assert.fail('not ready'), onSpawn: each => {
		pid = each;
		onSpawned();
	}});
	await spawned;
	assert.ok(isAlive(pid!));
	probe.stop();
	assert.equal(await probe.outcome, 'stopped');
	assert.equal(isAlive(pid!), false, 'the probe was killed and reaped before the outcome settled');
	assert.ok(countResources('Timeout') <= timersBefore, 'no timer of the probe stays');
});

test('a command that is not in PATH fails each run with the reason and is retried until stopped', async () => {
	const attempts: ProbeAttempt[] = [];
	const probe = startReadinessProbe({command: 'no-such-probe-command --x', intervalMs: 5, onReady: () => assert.fail('not ready'), onAttempt: attempt => {
		attempts.push(attempt);
		if (attempts.length === 3) probe.stop();
	}});
	assert.equal(await probe.outcome, 'stopped');
	assert.equal(attempts.length, 3);
	assert.match(attempts[0]!.message!, /ENOENT/);
});

test('the command is looked up in the given environment\'s PATH and runs with its cwd, without a shell', async () => {
	const directory = makeTempDir();
	writeFileSync(join(directory, 'check-ready'), '#!/bin/sh\n[ "$PWD" = "$EXPECTED" ] && [ "$1" = "a b" ] && [ "$2" = "*" ]\n', {mode: 0o755});
	const probe = startReadinessProbe({command: `check-ready "a b" '*'`, cwd: directory, env: {PATH: `${directory}:/usr/bin:/bin`, EXPECTED: directory}, intervalMs: 10, onReady: () => {}, onAttempt: attempt => assert.fail(JSON.stringify(attempt))});
	assert.equal(await probe.outcome, 'ready');
});

test('a command that does not split, or is empty, is invalid at once and runs nothing', async () => {
	const unbalanced = startReadinessProbe({command: `curl 'http://x`, onReady: () => assert.fail('not ready')});
	assert.equal(await unbalanced.outcome, 'invalid');
	assert.equal(unbalanced.error, 'the single quote at column 6 is never closed');
	const empty = startReadinessProbe({command: '  ', onReady: () => assert.fail('not ready')});
	assert.equal(await empty.outcome, 'invalid');
	assert.equal(empty.error, 'the probe command is empty');
	empty.stop();
});
