import assert from 'node:assert/strict';
import {chmodSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import {readStatsDocument} from '../../src/commands/read-stats.js';
import {startFakeEmperor} from '../helpers/fake-emperor.js';
import {httpGet} from '../helpers/http.js';
import {runCli} from '../helpers/run-cli.js';
import {makeTempDir} from '../helpers/temp-dir.js';

type Sample = {name: string; metrics: {labels?: Record<string, string>; value: string}[]};

const scrape = async (address: string): Promise<Sample[]> => {
	const [host, port] = address.split(':');
	const response = await httpGet({host: host!, port: Number(port)}, '/metrics');
	assert.equal(response.status, 200);
	return parsePrometheusTextFormat(response.body) as Sample[];
};

const valueOf = (samples: Sample[], name: string, labels: Record<string, string>): number => {
	const family = samples.find(sample => sample.name === name);
	const metric = family?.metrics.find(candidate => Object.entries(labels).every(([key, value]) => candidate.labels?.[key] === value));
	return metric === undefined ? 0 : Number(metric.value);
};

test('the stats socket serves one JSON document per connection, owner-only on a unix socket', {timeout: 30_000}, async t => {
	const socketDir = makeTempDir('emperor-stats-');
	const statsPath = join(socketDir, 'stats.sock');
	const emperor = startFakeEmperor(t, {vassals: {'a.ini': {send: [1, 5, 17]}}, flags: {'--emperor-stats': statsPath}});
	await emperor.waitForLog({event: 'vassal-loyal', vassal: 'a.ini'});
	await emperor.waitForLog({event: 'emperor-endpoint', endpoint: 'stats'});
	const document = await readStatsDocument(statsPath) as {vassals: {id: string; loyal: number; pid: number; state: string}[]};
	assert.deepEqual(document.vassals.map(vassal => [vassal.id, vassal.loyal, vassal.state]), [['a.ini', 1, 'running']]);
	const {statSync} = await import('node:fs');
	assert.equal(statSync(statsPath).mode & 0o777, 0o600);
});

test('/metrics parses as Prometheus text and its counters move when vassals spawn and die', {timeout: 30_000}, async t => {
	const emperor = startFakeEmperor(t, {
		vassals: {'steady.ini': {send: [1, 5]}, 'crash.ini': {send: [1], exitAfterMs: 30, exitCode: 3}},
		flags: {'--metrics': '127.0.0.1:0'},
	});
	const endpoint = await emperor.waitForLog({event: 'emperor-endpoint', endpoint: 'metrics'});
	await emperor.waitForLog({event: 'vassal-ready', vassal: 'steady.ini'});
	await emperor.waitForLog(line => line.event === 'vassal-backoff' && line.vassal === 'crash.ini');
	const before = await scrape(String(endpoint.address));
	const spawnsBefore = valueOf(before, 'emperor_vassal_spawns_total', {vassal: 'crash.ini'});
	assert.ok(spawnsBefore >= 1);
	assert.ok(valueOf(before, 'emperor_vassal_exits_total', {vassal: 'crash.ini', class: 'failure'}) >= 1);
	assert.equal(valueOf(before, 'emperor_vassal_up', {vassal: 'steady.ini'}), 1);
	// crash.ini may be up again (running) or waiting (backoff) when the scrape happens
	assert.ok(valueOf(before, 'emperor_vassals', {state: 'running'}) >= 1);
	assert.equal(valueOf(before, 'emperor_vassals', {state: 'running'}) + valueOf(before, 'emperor_vassals', {state: 'backoff'}) + valueOf(before, 'emperor_vassals', {state: 'starting'}), 2);
	assert.ok(before.some(sample => sample.name === 'emperor_process_resident_memory_bytes'));
	const spawned = emperor.countLogs({event: 'vassal-spawned', vassal: 'crash.ini'});
	await emperor.waitForLog(() => emperor.countLogs({event: 'vassal-exited', vassal: 'crash.ini'}) > spawned);
	const after = await scrape(String(endpoint.address));
	assert.ok(valueOf(after, 'emperor_vassal_spawns_total', {vassal: 'crash.ini'}) > spawnsBefore);
});

test('emperor status shows the vassals of a running emperor; reload, stop and retry reach one vassal', {timeout: 30_000}, async t => {
	const socketDir = makeTempDir('emperor-control-');
	const control = join(socketDir, 'emperor.control');
	const emperor = startFakeEmperor(t, {vassals: {'a.ini': {send: [1, 5, 17]}, 'b.ini': {send: [1, 5]}}, flags: {'--control': control}});
	await emperor.waitForLog({event: 'vassal-ready', vassal: 'b.ini'});
	await emperor.waitForLog({event: 'emperor-endpoint', endpoint: 'control'});
	const status = await runCli(['status', '--control', control]);
	assert.equal(status.code, 0, status.stderr);
	assert.match(status.stdout, /^emperor \d+ governing .*: 2 vassals, \d running\n\nVASSAL +STATE +PID/);
	assert.match(status.stdout, /^a\.ini +running +\d+ /m);
	assert.match(status.stdout, /^b\.ini +running +\d+ /m);

	assert.equal((await runCli(['reload', 'a.ini', '--control', control])).code, 0);
	await emperor.waitForLog({event: 'vassal-reloading', vassal: 'a.ini', reason: 'operator'});

	assert.equal((await runCli(['stop', 'b.ini', '--control', control])).code, 0);
	await emperor.waitForLog({event: 'vassal-exited', vassal: 'b.ini', reason: 'operator'});
	const stopped = JSON.parse((await runCli(['status', '--json', '--control', control])).stdout) as {vassals: {id: string; state: string}[]};
	assert.equal(stopped.vassals.find(vassal => vassal.id === 'b.ini')?.state, 'stopped');

	const spawns = emperor.countLogs({event: 'vassal-spawned', vassal: 'b.ini'});
	assert.equal((await runCli(['retry', 'b.ini', '--control', control])).code, 0);
	await emperor.waitForLog(() => emperor.countLogs({event: 'vassal-spawned', vassal: 'b.ini'}) > spawns);

	const unknown = await runCli(['stop', 'nope.ini', '--control', control]);
	assert.equal(unknown.code, 1);
	assert.match(unknown.stderr, /no vassal named nope\.ini/);
});

test('the control socket refuses another user', {timeout: 30_000, skip: process.getuid?.() !== 0 && 'needs root to run a client as nobody'}, async t => {
	const socketDir = makeTempDir('emperor-control-');
	chmodSync(socketDir, 0o755);
	const control = join(socketDir, 'emperor.control');
	const emperor = startFakeEmperor(t, {vassals: {'a.ini': {send: [1, 5]}}, flags: {'--control': control}});
	await emperor.waitForLog({event: 'emperor-endpoint', endpoint: 'control'});
	const refused = await runCli(['stop', 'a.ini', '--control', control], {uid: 65_534, gid: 65_534});
	assert.equal(refused.code, 1);
	assert.match(refused.stderr, /permission denied .*run this as that user or as root/);
	assert.equal(emperor.countLogs({event: 'vassal-stopping', vassal: 'a.ini'}), 0);
});
