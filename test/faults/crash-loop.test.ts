import assert from 'node:assert/strict';
import {join} from 'node:path';
import {test} from 'node:test';
import type {EmperorProcess, LogLine} from '../helpers/emperor-process.js';
import {logTime, startFakeEmperor} from '../helpers/fake-emperor.js';
import {touchFile} from '../helpers/fake-vassal.js';
import {readCpuMs} from '../helpers/proc-usage.js';

const THROTTLE_MS = 200;
const MAX_THROTTLE_MS = 2000;
const SPAWNS = 9;

// waits for the nth log line with these fields (1-based) and returns it
const waitForNth = async (emperor: EmperorProcess, fields: Partial<LogLine>, n: number): Promise<LogLine> => {
	await emperor.waitForLog(() => emperor.countLogs(fields) >= n);
	return emperor.logs.filter(line => Object.entries(fields).every(([key, value]) => line[key] === value))[n - 1]!;
};

test('a crash-looping vassal is respawned a bounded number of times at bounded CPU, and another vassal reloads during its backoff', {timeout: 90_000}, async t => {
	const emperor = startFakeEmperor(t, {
		vassals: {'crash.ini': {send: [1], exitAfterMs: 20, exitCode: 1}, 'steady.ini': {}},
		flags: {'--emperor-throttle': String(THROTTLE_MS), '--emperor-max-throttle': String(MAX_THROTTLE_MS)},
	});
	const crashSpawn = {event: 'vassal-spawned', vassal: 'crash.ini'};
	const first = await waitForNth(emperor, crashSpawn, 1);
	await emperor.waitForLog({event: 'vassal-accepting', vassal: 'steady.ini'});
	const cpuAtFirst = readCpuMs(emperor.pid);

	// a touch of another vassal in the middle of a capped backoff must be applied at once, not after the backoff
	const reloadedDuringBackoff: boolean[] = [];
	for (let spawns = 1; spawns < SPAWNS; spawns++) {
		const backoff = await waitForNth(emperor, {event: 'vassal-backoff', vassal: 'crash.ini'}, spawns);
		if ((backoff.delayMs as number) >= MAX_THROTTLE_MS * 0.9) {
			const reloads = emperor.countLogs({event: 'vassal-reloading', vassal: 'steady.ini'});
			touchFile(join(emperor.vassalsDir, 'steady.ini'));
			await waitForNth(emperor, {event: 'vassal-reloading', vassal: 'steady.ini'}, reloads + 1);
			reloadedDuringBackoff.push(emperor.countLogs(crashSpawn) === spawns);
		}
		await waitForNth(emperor, crashSpawn, spawns + 1);
	}
	const elapsedMs = logTime(await waitForNth(emperor, crashSpawn, SPAWNS)) - logTime(first);
	const cpuMs = readCpuMs(emperor.pid) - cpuAtFirst;

	assert.ok(reloadedDuringBackoff.length >= 2, `only ${reloadedDuringBackoff.length} backoffs reached the cap`);
	assert.deepEqual(reloadedDuringBackoff, reloadedDuringBackoff.map(() => true), 'a reload of steady.ini waited for crash.ini\'s backoff');
	// delays are throttle·2^(n−1) ±10 %, capped: fewer spawns than that allows is fine (a slow machine), more is a busy loop
	const allowedSpawns = 1 + Math.ceil(Math.log2(MAX_THROTTLE_MS / THROTTLE_MS)) + elapsedMs / (MAX_THROTTLE_MS * 0.9);
	assert.ok(SPAWNS <= allowedSpawns, `${SPAWNS} spawns in ${elapsedMs} ms`);
	// a spawn costs the emperor some tens of ms of CPU; a loop that spins would use the whole core
	assert.ok(cpuMs < 0.25 * elapsedMs, `the emperor used ${cpuMs} ms of CPU in ${elapsedMs} ms of crash loop`);
	assert.equal(emperor.countLogs({event: 'vassal-spawned', vassal: 'steady.ini'}), 1);
});
