import assert from 'node:assert/strict';
import {mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {connect} from 'node:net';
import {join} from 'node:path';
import {after, test} from 'node:test';
import {startEmperorProcess, type EmperorProcess} from '../helpers/emperor-process.js';
import {httpGet, isConnectionError, waitForHttp} from '../helpers/http.js';
import {pidOf} from '../helpers/log-fields.js';
import {getFreePort} from '../helpers/ports.js';
import {findProcessesUnder} from '../helpers/processes.js';
import {startPgCluster, VASSALS_SCHEMA, type PgCluster} from '../helpers/postgres.js';
import {makeTempDir} from '../helpers/temp-dir.js';
import {runCli} from '../helpers/run-cli.js';
import {copyExamples, readWorkerPid} from '../helpers/uwsgi-vassal.js';

// A real PostgreSQL 15 of the tests' own and real uWSGI vassals whose configs are rows of uWSGI's emperor_pg table.
const root = realpathSync(makeTempDir('emperor-e2e-pg-'));
copyExamples(root, 'api');
// at the top level, not in a before hook: the cluster's own after() must run when the file ends
const pg: PgCluster = await startPgCluster();
await pg.sql(VASSALS_SCHEMA);

// the config of a real uWSGI vassal serving vassals.example/api; `extra` lines change it without changing its ts
const apiConfig = (port: number, extra: string[] = []) => [
	'[uwsgi]', 'plugins = python3', `chdir = ${root}/api`, 'module = app:application', 'master = true', 'processes = 1',
	`http-socket = 127.0.0.1:${port}`, ...extra, '',
].join('\n');

// each test's emperor reads the rows of its own host, as each host of a fleet does
const specFor = (host: string, conninfo = pg.conninfo) =>
	`pg://${conninfo};SELECT name, config, EXTRACT(epoch FROM ts) FROM vassals WHERE host = '${host}'`;

const startWithPg = async (host: string, args: string[] = [], conninfo?: string): Promise<EmperorProcess> => {
	const cwd = join(root, host);
	mkdirSync(cwd, {recursive: true});
	// --emperor-freq 600: whatever happens within a test happens through LISTEN/NOTIFY or a reconnect, not the poll
	const emperor = startEmperorProcess(['--emperor', specFor(host, conninfo), '--emperor-freq', '600', ...args], {cwd});
	after(async function stopEmperorAndLeftovers() {
		const timer = setTimeout(() => emperor.child.kill('SIGKILL'), 15_000);
		await emperor.stop('SIGTERM');
		clearTimeout(timer);
		for (const pid of findProcessesUnder(cwd)) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {}
		}
	});
	await emperor.waitForLog({event: 'emperor-started'}, 10_000);
	await emperor.waitForLog({event: 'source-state', state: 'connected'}, 30_000);
	return emperor;
};

const insertRow = (host: string, name: string, config: string) =>
	pg.sql('INSERT INTO vassals (name, config, host) VALUES ($1, $2, $3)', [name, config, host]);

const waitForClosed = async (port: number, timeoutMs = 30_000) => {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			await httpGet({port}, '/', 1_000);
		} catch (error) {
			if (isConnectionError(error)) return;
		}
		if (Date.now() > deadline) throw new Error(`port ${port} still answers after ${timeoutMs} ms`);
		await new Promise(resolve => setTimeout(resolve, 50));
	}
};

const workerOf = async (port: number) => readWorkerPid((await waitForHttp({port}, {timeoutMs: 30_000, until: response => response.status === 200})).body);

// reads the stats document from the emperor's unix stats socket
const readStats = (path: string): Promise<Record<string, unknown>> => new Promise((resolve, reject) => {
	let text = '';
	connect(path).on('data', chunk => {
		text += chunk;
	}).on('end', () => resolve(JSON.parse(text) as Record<string, unknown>)).on('error', reject);
});

test('a row inserted serves; a later ts reloads it; its config edited under the same ts reloads it; the row deleted stops it; the password is never shown', {timeout: 150_000}, async () => {
	const port = await getFreePort();
	const stats = join(root, 'crud-stats.sock');
	const emperor = await startWithPg('crud', ['--emperor-stats', stats], `${pg.conninfo} password=hunter2`);
	await insertRow('crud', 'app.ini', apiConfig(port));
	const firstWorker = await workerOf(port);
	const master = pidOf(await emperor.waitForLog({event: 'vassal-spawned', vassal: 'app.ini'}));
	assert.ok(firstWorker !== undefined);

	// ts bumped: a reload, as uWSGI's emperor_pg reloads on a later ts
	await pg.sql("UPDATE vassals SET ts = ts + interval '5 seconds' WHERE name = 'app.ini'");
	await emperor.waitForLog({event: 'vassal-reloading', vassal: 'app.ini'}, 30_000);
	const secondWorker = await readWorkerPid((await waitForHttp({port}, {timeoutMs: 30_000, until: response => readWorkerPid(response.body) !== firstWorker})).body);

	// config edited, ts left alone: a reload too (uWSGI misses this), and the vassal runs the new text
	await pg.sql('UPDATE vassals SET config = $1 WHERE name = \'app.ini\'', [apiConfig(port, ['add-header = X-Release: 2'])]);
	await emperor.waitForLog(line => line.event === 'vassal-reloading' && line.vassal === 'app.ini' && emperor.countLogs({event: 'vassal-reloading', vassal: 'app.ini'}) >= 2, 30_000);
	// the re-exec'd master asked for its config again and got the row's new text
	await waitForHttp({port}, {timeoutMs: 30_000, until: response => response.headers['x-release'] === '2' && ![firstWorker, secondWorker].includes(readWorkerPid(response.body))});
	assert.equal(emperor.countLogs({event: 'vassal-spawned', vassal: 'app.ini'}), 1, 'a reload keeps the master');

	const document = await readStats(stats);
	const sources = document.sources as {spec: string; kind: string; state: string}[];
	assert.deepEqual(sources.map(source => [source.kind, source.state]), [['pg', 'connected']]);
	assert.match(sources[0]!.spec, /password=\*\*\*/);

	await pg.sql("DELETE FROM vassals WHERE name = 'app.ini'");
	await emperor.waitForLog({event: 'vassal-removed', vassal: 'app.ini'}, 30_000).catch((error: Error) => {
		throw new Error(`${error.message}\n${emperor.logs.slice(-30).map(line => `${line.event} ${line.vassal ?? ''} ${line.msg ?? ''}`).join('\n')}`);
	});
	await waitForClosed(port);
	assert.throws(() => process.kill(master, 0), 'the master is gone');
	const shown = [...emperor.logs.map(line => JSON.stringify(line)), ...emperor.output, JSON.stringify(document)].join('\n');
	assert.doesNotMatch(shown, /hunter2/);
});

test('a role with a password connects through PGPASSFILE, the spec naming no password; without the file it is refused, logged and retried, never fatal', {timeout: 120_000}, async () => {
	// the role fleet must give a password (scram-sha-256 on the unix socket); the superuser stays trusted
	await pg.sql("CREATE ROLE fleet LOGIN PASSWORD 'correct-horse-9'");
	await pg.sql('GRANT SELECT ON vassals TO fleet');
	const [{hba_file: hbaFile}] = await pg.sql('SHOW hba_file') as [{hba_file: string}];
	writeFileSync(hbaFile, `local emperor fleet scram-sha-256\n${readFileSync(hbaFile, 'utf8')}`);
	await pg.sql('SELECT pg_reload_conf()');
	const conninfo = `host=${pg.socketDirectory} port=${pg.port} dbname=emperor user=fleet`;
	const passfile = join(root, 'pgpass');
	writeFileSync(passfile, `*:*:emperor:fleet:correct-horse-9\n`, {mode: 0o600});

	const refused = startEmperorProcess(['--emperor', specFor('pgpass', conninfo), '--emperor-freq', '600'], {cwd: root, env: {PGPASSFILE: join(root, 'no-such-pgpass')}});
	after(() => refused.stop('SIGKILL'));
	const failed = await refused.waitForLog(line => line.event === 'source-state' && line.state !== 'connected' && line.state !== 'connecting', 30_000);
	assert.match(String(failed.detail), /password|auth/i);
	await refused.waitForLog(line => line.event === 'source-state' && line.state !== 'connected' && line.state !== 'connecting' && line !== failed, 30_000);
	assert.equal(refused.child.exitCode, null, 'a database that refuses it is retried, never fatal');

	const port = await getFreePort();
	await insertRow('pgpass', 'app.ini', apiConfig(port));
	const emperor = startEmperorProcess(['--emperor', specFor('pgpass', conninfo), '--emperor-freq', '600'], {cwd: root, env: {PGPASSFILE: passfile}});
	after(() => emperor.stop('SIGTERM'));
	await emperor.waitForLog({event: 'source-state', state: 'connected'}, 30_000);
	assert.ok((await workerOf(port)) !== undefined);
	const shown = [...emperor.logs, ...refused.logs].map(line => JSON.stringify(line)).join('\n');
	assert.doesNotMatch(shown, /correct-horse-9/);
	await pg.sql("DELETE FROM vassals WHERE host = 'pgpass'");
	await waitForClosed(port);
});

test('a bad row is refused naming the row and its line, the others run; a bad edit keeps the running instance', {timeout: 120_000}, async () => {
	const [goodPort, otherPort] = [await getFreePort(), await getFreePort()];
	const emperor = await startWithPg('bad');
	await insertRow('bad', 'good.ini', apiConfig(goodPort));
	await insertRow('bad', 'broken.ini', '[uwsgi]\nplugins = python3\nprocesses = many\n');
	await insertRow('bad', 'huge.ini', `[uwsgi]\n; ${'x'.repeat(70_000)}\n`);
	const good = await workerOf(goodPort);
	const broken = await emperor.waitForLog({event: 'vassal-config-invalid', vassal: 'broken.ini'}, 30_000);
	assert.match(String(broken.msg), /broken\.ini:3: processes:/);
	const huge = await emperor.waitForLog({event: 'vassal-config-invalid', vassal: 'huge.ini'}, 30_000);
	assert.match(String(huge.msg), /huge\.ini: the row's config is \d+ bytes: the config channel carries at most 65535/);

	await insertRow('bad', 'other.ini', apiConfig(otherPort));
	await workerOf(otherPort);
	await pg.sql("UPDATE vassals SET config = '[uwsgi]\nprocesses = -1\n', ts = ts + interval '1 second' WHERE name = 'good.ini'");
	const rejected = await emperor.waitForLog(line => line.event === 'vassal-config-invalid' && line.vassal === 'good.ini', 30_000);
	assert.match(String(rejected.kept), /keeps its last good config/);
	assert.equal(await workerOf(goodPort), good, 'the running instance keeps serving, untouched');
	assert.equal(emperor.countLogs({event: 'vassal-spawned', vassal: 'broken.ini'}), 0);
});

test('two emperors share the table, each with its own host\'s rows; moving a row to the other host moves the app', {timeout: 150_000}, async () => {
	const [aPort, bPort] = [await getFreePort(), await getFreePort()];
	const web1 = await startWithPg('web1');
	const web2 = await startWithPg('web2');
	await insertRow('web1', 'a.ini', apiConfig(aPort));
	await insertRow('web2', 'b.ini', apiConfig(bPort));
	await workerOf(aPort);
	await workerOf(bPort);
	await web1.waitForLog({event: 'vassal-spawned', vassal: 'a.ini'});
	await web2.waitForLog({event: 'vassal-spawned', vassal: 'b.ini'});
	assert.equal(web1.countLogs({event: 'vassal-spawned', vassal: 'b.ini'}), 0);
	assert.equal(web2.countLogs({event: 'vassal-spawned', vassal: 'a.ini'}), 0);

	// the app moves: web1 stops it (its read no longer returns the row), web2 starts it
	await pg.sql("UPDATE vassals SET host = 'web2' WHERE name = 'a.ini'");
	await web1.waitForLog({event: 'vassal-removed', vassal: 'a.ini'}, 30_000);
	const moved = await web2.waitForLog({event: 'vassal-spawned', vassal: 'a.ini'}, 30_000);
	assert.ok(pidOf(moved) > 0);
	await workerOf(aPort);
});

test('the database stopped under running vassals: they keep serving and respawn from their last config; a row deleted while the emperor cannot see the database is stopped once it can', {timeout: 240_000}, async () => {
	const [keepPort, gonePort] = [await getFreePort(), await getFreePort()];
	// the emperor reaches the database through a link to a socket directory of its own, which the test can point away
	const link = join(pg.socketDirectory, 'emperor-link');
	const nowhere = join(pg.socketDirectory, 'nowhere');
	mkdirSync(nowhere, {recursive: true});
	const pointLink = (target: string) => {
		rmSync(link, {force: true});
		symlinkSync(target, link);
	};
	pointLink(join(pg.socketDirectory, 'emperor'));
	const emperor = await startWithPg('down', [], `host=${link} port=${pg.port} dbname=emperor user=postgres`);
	await insertRow('down', 'keep.ini', apiConfig(keepPort));
	await insertRow('down', 'gone.ini', apiConfig(gonePort));
	await workerOf(keepPort);
	await workerOf(gonePort);

	await pg.stop();
	await emperor.waitForLog({event: 'source-state', state: 'down'}, 30_000);
	assert.equal((await httpGet({port: keepPort})).status, 200, 'vassals keep serving without the database');
	// a crash while the database is away: respawned from the config the emperor already has
	const master = pidOf(emperor.logs.findLast(line => line.event === 'vassal-spawned' && line.vassal === 'keep.ini')!);
	process.kill(master, 'SIGKILL');
	await emperor.waitForLog(line => line.event === 'vassal-spawned' && line.vassal === 'keep.ini' && line.pid !== master, 30_000);
	await workerOf(keepPort);

	// the database comes back where only the test reaches it, and the row goes
	pointLink(nowhere);
	await pg.start();
	await pg.sql("DELETE FROM vassals WHERE name = 'gone.ini'");
	assert.equal((await httpGet({port: gonePort})).status, 200, 'a row the emperor cannot read yet is not stopped');
	await pg.stop();
	pointLink(join(pg.socketDirectory, 'emperor'));
	await pg.start();
	await emperor.waitForLog(line => line.event === 'source-state' && line.state === 'connected' && emperor.countLogs({event: 'source-state', state: 'connected'}) >= 2, 60_000);
	await emperor.waitForLog({event: 'vassal-removed', vassal: 'gone.ini'}, 30_000);
	await waitForClosed(gonePort);
	assert.equal((await httpGet({port: keepPort})).status, 200);
	assert.ok(emperor.countLogs({event: 'vassal-removed', vassal: 'keep.ini'}) === 0);
});

test("emperor check 'pg://…' checks every row as the emperor would, naming the row and the line; the password is not shown", {timeout: 60_000}, async () => {
	const port = await getFreePort();
	await insertRow('check', 'fine.ini', apiConfig(port));
	await insertRow('check', 'wrong.ini', '[uwsgi]\nplugins = python3\nprocesses = many\n');
	const result = await runCli(['check', `pg://${pg.conninfo} password=hunter2;SELECT name, config, ts FROM vassals WHERE host = 'check'`]);
	assert.equal(result.code, 1, result.stdout + result.stderr);
	assert.match(result.stdout, /row wrong\.ini:3: processes:/);
	assert.doesNotMatch(result.stdout, /row fine\.ini:/);
	assert.doesNotMatch(result.stdout + result.stderr, /hunter2/);
	await pg.sql("DELETE FROM vassals WHERE name = 'wrong.ini'");
	const clean = await runCli(['check', `pg://${pg.conninfo};SELECT name, config, ts FROM vassals WHERE host = 'check'`]);
	assert.equal(clean.code, 0, clean.stdout + clean.stderr);
	const unreachable = await runCli(['check', `pg://host=${root}/none password=hunter2`]);
	assert.equal(unreachable.code, 1);
	assert.match(unreachable.stdout, /cannot read the rows/);
	assert.doesNotMatch(unreachable.stdout + unreachable.stderr, /hunter2/);
});
