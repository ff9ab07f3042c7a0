import assert from 'node:assert/strict';
import {once} from 'node:events';
import {existsSync, statSync} from 'node:fs';
import {unlink} from 'node:fs/promises';
import {connect} from 'node:net';
import {join} from 'node:path';
import {test} from 'node:test';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import {readStatsDocument} from '../../src/commands/read-stats.js';
import {startFakeEmperor, waitForMoreLogs, type FakeEmperor} from '../helpers/fake-emperor.js';
import {renderFakeVassal, touchFile, writeFileAtomic, type FakeBehaviour} from '../helpers/fake-vassal.js';
import {httpGet} from '../helpers/http.js';
import {getFreePort} from '../helpers/ports.js';
import {makeTempDir} from '../helpers/temp-dir.js';

type VassalStats = {id: string; pid: number; state: string; on_demand: string; spawns: number; wakes: number};

// connects to the vassal's socket and reads what the fake vassal answers: its pid
const ask = async (where: {path: string} | {port: number}): Promise<number> => {
	const client = 'path' in where ? connect(where.path) : connect(where.port, '127.0.0.1');
	const chunks: Buffer[] = [];
	client.on('data', (chunk: Buffer) => chunks.push(chunk));
	await once(client, 'end');
	client.destroy();
	return Number(Buffer.concat(chunks).toString('utf8').trim());
};

const statsOf = async (statsPath: string, name: string): Promise<VassalStats> => {
	const document = await readStatsDocument(statsPath) as {vassals: VassalStats[]};
	return document.vassals.find(vassal => vassal.id === name)!;
};

const wakesMetric = async (emperor: FakeEmperor, name: string): Promise<number> => {
	const address = String((await emperor.waitForLog({event: 'emperor-endpoint', endpoint: 'metrics'})).address);
	const [host, port] = address.split(':');
	const samples = parsePrometheusTextFormat((await httpGet({host: host!, port: Number(port)}, '/metrics')).body) as {name: string; metrics: {labels?: {vassal?: string}; value: string}[]}[];
	return Number(samples.find(sample => sample.name === 'emperor_vassal_wakes_total')?.metrics.find(metric => metric.labels?.vassal === name)?.value ?? 0);
};

// an emperor whose vassals sleep on DIR/<name>.socket (--emperor-on-demand-directory)
const startOnDemandEmperor = (t: Parameters<typeof startFakeEmperor>[0], vassals: Record<string, FakeBehaviour>) => {
	const socketDir = makeTempDir('emperor-on-demand-');
	const statsPath = join(socketDir, 'stats.sock');
	const emperor = startFakeEmperor(t, {vassals, flags: {'--emperor-on-demand-directory': socketDir, '--emperor-stats': statsPath, '--metrics': '127.0.0.1:0'}});
	return {emperor, socketDir, statsPath};
};

const sleepyVassal: FakeBehaviour = {serveStdin: true, idleAfterMs: 200};

test('an on-demand vassal sleeps until a connection, serves it, sleeps again after die-on-idle, and wakes again', {timeout: 30_000}, async t => {
	const {emperor, socketDir, statsPath} = startOnDemandEmperor(t, {'a.ini': sleepyVassal});
	const socket = join(socketDir, 'a.socket');
	await emperor.waitForLog({event: 'vassal-on-demand', vassal: 'a.ini', socket});
	assert.equal(emperor.countLogs({event: 'vassal-spawned'}), 0);
	assert.deepEqual(statSync(socket).mode & 0o777, 0o666);
	const inode = statSync(socket).ino;
	const dormant = await statsOf(statsPath, 'a.ini');
	assert.deepEqual([dormant.state, dormant.pid, dormant.on_demand, dormant.spawns, dormant.wakes], ['on-demand', -1, socket, 0, 0]);

	const pids: number[] = [];
	for (const round of [1, 2]) {
		pids.push(await ask({path: socket}));
		const spawned = await emperor.waitForLog(line => line.event === 'vassal-spawned' && line.pid === pids.at(-1));
		assert.ok(spawned, `round ${round}: the answer came from the spawned vassal`);
		await emperor.waitForLog(line => line.event === 'vassal-exited' && line.pid === pids.at(-1) && line.reason === 'idle' && line.state === 'on-demand');
		assert.equal(statSync(socket).ino, inode, `round ${round}: the socket was bound again`);
	}
	assert.notEqual(pids[0], pids[1]);
	const stats = await statsOf(statsPath, 'a.ini');
	assert.deepEqual([stats.state, stats.pid, stats.spawns, stats.wakes], ['on-demand', -1, 2, 2]);
	assert.equal(await wakesMetric(emperor, 'a.ini'), 2);
});

test('a crash of an awake vassal leaves the socket bound: a connection right after it is served by the next wake', {timeout: 30_000}, async t => {
	const {emperor, socketDir} = startOnDemandEmperor(t, {'a.ini': {serveStdin: true, exitAfterMs: 300, exitCode: 1}});
	const socket = join(socketDir, 'a.socket');
	await emperor.waitForLog({event: 'vassal-on-demand', vassal: 'a.ini'});
	const first = await ask({path: socket});
	await emperor.waitForLog(line => line.event === 'vassal-exited' && line.pid === first && line.reason === 'crashed');
	const second = await ask({path: socket});
	assert.notEqual(second, first);
	// it was accepting when it died: back to sleep at once, no backoff
	assert.equal(emperor.countLogs({event: 'vassal-backoff', vassal: 'a.ini'}), 0);
	assert.equal(emperor.countLogs({event: 'vassal-respawning', vassal: 'a.ini', reason: 'served'}), 1);
	assert.equal(emperor.countLogs({event: 'vassal-wake', vassal: 'a.ini'}), 2);
});

test('removing the file of a dormant vassal closes and removes its socket', {timeout: 30_000}, async t => {
	const {emperor, socketDir} = startOnDemandEmperor(t, {'a.ini': sleepyVassal});
	const socket = join(socketDir, 'a.socket');
	await emperor.waitForLog({event: 'vassal-on-demand', vassal: 'a.ini'});
	assert.ok(existsSync(socket));
	await unlink(join(emperor.vassalsDir, 'a.ini'));
	await emperor.waitForLog({event: 'vassal-removed', vassal: 'a.ini'});
	assert.equal(existsSync(socket), false);
	assert.equal(emperor.countLogs({event: 'vassal-spawned'}), 0);
});

test('a dormant vassal whose file changes stays dormant with the new config', {timeout: 30_000}, async t => {
	const {emperor} = startOnDemandEmperor(t, {'a.ini': sleepyVassal});
	await emperor.waitForLog({event: 'vassal-on-demand', vassal: 'a.ini'});
	touchFile(join(emperor.vassalsDir, 'a.ini'));
	await waitForMoreLogs(emperor, {event: 'vassal-on-demand', vassal: 'a.ini'}, 1);
	assert.equal(emperor.countLogs({event: 'vassal-spawned'}), 0);
});

// https://github.com/unbit/uwsgi/issues/608
test('a vassal that binds its own on-demand socket is refused with the reason, and nothing is bound', {timeout: 30_000}, async t => {
	const {emperor, socketDir} = startOnDemandEmperor(t, {});
	const socket = join(socketDir, 'a.socket');
	writeFileAtomic(join(emperor.vassalsDir, 'a.ini'), renderFakeVassal(sleepyVassal).replace('[uwsgi]\n', `[uwsgi]\nsocket = ${socket}\n`));
	const rejected = await emperor.waitForLog({event: 'vassal-config-invalid', vassal: 'a.ini'});
	assert.match(JSON.stringify(rejected.issues), /binds the vassal's own on-demand socket/);
	assert.equal(existsSync(socket), false);
	assert.equal(emperor.countLogs({event: 'vassal-spawned'}), 0);
});

test('socket = HOST:PORT in the [emperor] section makes a TCP on-demand vassal', {timeout: 30_000}, async t => {
	const port = await getFreePort();
	const emperor = startFakeEmperor(t, {});
	writeFileAtomic(join(emperor.vassalsDir, 'a.ini'), `${renderFakeVassal(sleepyVassal)}\n[emperor]\nsocket = 127.0.0.1:${port}\n`);
	await emperor.waitForLog({event: 'vassal-on-demand', vassal: 'a.ini', socket: `127.0.0.1:${port}`});
	const pid = await ask({port});
	assert.deepEqual(emperor.vassalPids(), [pid]);
});
