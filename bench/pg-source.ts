// Vassals from a PostgreSQL table: emperor's pg:// beside uWSGI's own emperor_pg plugin (`uwsgi --plugin emperor_pg
// --emperor 'pg://…'`), in the same run, on a PostgreSQL 15 cluster of the benchmark's own (unix socket, no TCP).
// The same real uWSGI vassal (the example api on a unix socket) is a row of uWSGI's table (name, config, ts); each
// trial inserts it (→ first HTTP 200), bumps its ts (→ a new worker answers) and deletes it (→ its socket closes).
// uWSGI's plugin polls every --emperor-freq (3 s), with a new connection each time; ours LISTENs and is woken by the
// table's trigger (docs/fleet.md). Both run at their defaults. Then globs: a new matching file under a glob source
// → its vassal spawned, beside a new file in a watched directory, under each emperor.
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {startEmperorProcess} from '../test/helpers/emperor-process.js';
import {timeOf} from '../test/helpers/log-fields.js';
import {createPgCluster, VASSALS_SCHEMA, type PgCluster} from '../test/helpers/postgres.js';
import {findProcessesUnder, waitForProcessesGone} from '../test/helpers/processes.js';
import {copyExamples, makeApiVassalIni} from '../test/helpers/uwsgi-vassal.js';
import {pollUntil, waitFor} from './lib/poll.js';
import {listVassalMasters} from './lib/proc.js';
import {renderComparisons, type Comparison} from './lib/side-by-side.js';
import {startSupervisor, cleanUp, type SupervisorKind} from './lib/supervisor.js';
import {askWorkerPid, waitClosed, waitServed, writeAtomically} from './lib/vassal-apps.js';

const TRIALS = Number(process.env.PG_TRIALS ?? 5);

type Figures = {spawn: number[]; insert: number[]; bump: number[]; remove: number[]};

const rowConfig = (root: string, socket: string) =>
	makeApiVassalIni({httpSocket: socket, processes: 1}).replace('chdir = %dapi', `chdir = ${root}/api`) + 'disable-logging = true\n';

// starts one emperor on the rows of its host, runs the trials, stops it and whatever it left
const measurePg = async (kind: SupervisorKind, pg: PgCluster, root: string): Promise<Figures> => {
	const host = `bench-${kind}`;
	const spec = `pg://${pg.conninfo};SELECT name, config, EXTRACT(epoch FROM ts) FROM vassals WHERE host = '${host}'`;
	const cwd = join(root, host);
	mkdirSync(cwd, {recursive: true});
	const logFile = join(cwd, 'supervisor.log');
	let stop: () => Promise<void>;
	let supervisorPid: number;
	if (kind === 'emperor') {
		const emperor = startEmperorProcess(['--emperor', spec], {cwd});
		await emperor.waitForLog({event: 'source-state', state: 'connected'}, 30_000);
		supervisorPid = emperor.pid;
		stop = async () => void await emperor.stop('SIGTERM');
	} else {
		const log = openSync(logFile, 'a');
		const child = spawn('uwsgi', ['--plugin', 'emperor_pg', '--emperor', spec], {stdio: ['ignore', log, log], cwd});
		closeSync(log);
		const exited = once(child, 'exit');
		supervisorPid = child.pid!;
		await pollUntil('uwsgi --emperor pg:// to start', () => (readFileSync(logFile, 'utf8').includes('enabled emperor PostgreSQL monitor') ? true : undefined), {timeoutMs: 30_000});
		stop = async () => {
			child.kill('SIGINT');
			await exited;
		};
	}
	const figures: Figures = {spawn: [], insert: [], bump: [], remove: []};
	try {
		for (let trial = 0; trial < TRIALS; trial++) {
			const name = `row${trial}.ini`;
			const socket = join(cwd, `row${trial}.sock`);
			let at = Date.now();
			await pg.sql('INSERT INTO vassals (name, config, host) VALUES ($1, $2, $3)', [name, rowConfig(root, socket), host]);
			// the part the source decides: until the vassal's process runs `uwsgi … --ini emperor://NAME` (both seen the same way)
			await pollUntil(`${name} spawned`, () => (listVassalMasters(supervisorPid).has(`emperor://${name}`) ? true : undefined), {intervalMs: 2, timeoutMs: 30_000});
			figures.spawn.push(Date.now() - at);
			const first = await waitServed(socket);
			figures.insert.push(Date.now() - at);
			// a later ts in whole seconds, as uWSGI compares them
			await waitFor(300);
			at = Date.now();
			await pg.sql("UPDATE vassals SET ts = ts + interval '2 seconds' WHERE name = $1", [name]);
			await waitServed(socket, pid => pid !== first);
			figures.bump.push(Date.now() - at);
			await waitFor(300);
			at = Date.now();
			await pg.sql('DELETE FROM vassals WHERE name = $1', [name]);
			await waitClosed(socket);
			figures.remove.push(Date.now() - at);
			process.stderr.write(`${kind} pg:// trial ${trial + 1}: insert ${figures.insert.at(-1)} ms, ts bump ${figures.bump.at(-1)} ms, delete ${figures.remove.at(-1)} ms\n`);
			// the next trial starts with nothing running
			if ((await askWorkerPid(socket)) !== undefined) throw new Error(`${socket} still answers`);
		}
	} finally {
		await stop();
		const leftovers = findProcessesUnder(cwd);
		for (const pid of leftovers) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {}
		}
		await waitForProcessesGone(leftovers, 10_000);
	}
	return figures;
};

// one emperor governing a directory and a glob: a new file in each → its vassal spawned (ms)
const measureGlob = async (kind: SupervisorKind, root: string): Promise<{dir: number[]; glob: number[]}> => {
	const site = join(root, `glob-${kind}`);
	const vassalsDir = join(site, 'vassals');
	const projects = join(site, 'projects');
	mkdirSync(vassalsDir, {recursive: true});
	mkdirSync(projects, {recursive: true});
	copyExamples(site, 'api');
	const supervisor = await startSupervisor(kind, {vassalsDir, logFile: join(site, 'supervisor.log'), extraArgs: ['--emperor', `${projects}/*/uwsgi.ini`]});
	const figures = {dir: [] as number[], glob: [] as number[]};
	try {
		for (let trial = 0; trial < TRIALS; trial++) {
			const config = (socket: string) => rowConfig(site, socket);
			let at = Date.now();
			writeAtomically(join(vassalsDir, `d${trial}.ini`), config(join(site, `d${trial}.sock`)));
			let seen = await supervisor.waitForVassal(`d${trial}.ini`);
			figures.dir.push(seen.at - at);
			const project = join(projects, `p${trial}`);
			mkdirSync(project);
			at = Date.now();
			writeAtomically(join(project, 'uwsgi.ini'), config(join(site, `p${trial}.sock`)));
			seen = await supervisor.waitForVassal(join(project, 'uwsgi.ini'));
			figures.glob.push(seen.at - at);
			process.stderr.write(`${kind} glob trial ${trial + 1}: new file in the directory → spawned ${figures.dir.at(-1)} ms, new project under the glob → spawned ${figures.glob.at(-1)} ms\n`);
		}
	} finally {
		await cleanUp(supervisor, site);
	}
	return figures;
};

const root = mkdtempSync(join(tmpdir(), 'emperor-bench-pg-'));
copyExamples(root, 'api');
const pg = await createPgCluster();
try {
	await pg.sql(VASSALS_SCHEMA.replace("DEFAULT 'web1'", "DEFAULT 'bench'"));
	const uwsgi = await measurePg('uwsgi', pg, root);
	const ours = await measurePg('emperor', pg, root);
	const comparisons: Comparison[] = [
		{measure: 'row inserted → vassal process running (the source\'s part)', unit: 'ms', emperor: ours.spawn, uwsgi: uwsgi.spawn},
		{measure: 'row inserted → first HTTP 200', unit: 'ms', emperor: ours.insert, uwsgi: uwsgi.insert},
		{measure: 'ts bumped → a new worker answers', unit: 'ms', emperor: ours.bump, uwsgi: uwsgi.bump},
		{measure: 'row deleted → socket closed', unit: 'ms', emperor: ours.remove, uwsgi: uwsgi.remove},
	];
	console.log(renderComparisons(`pg:// vassals, ${TRIALS} trials each (uWSGI: emperor_pg, polling every 3 s; emperor: LISTEN/NOTIFY, poll every 3 s as the safety net)`, comparisons));
	const uwsgiGlob = await measureGlob('uwsgi', root);
	const oursGlob = await measureGlob('emperor', root);
	console.log(renderComparisons(`a directory and a glob governed together, ${TRIALS} trials each: a new file → its vassal spawned`, [
		{measure: 'new file in the watched directory → spawned', unit: 'ms', emperor: oursGlob.dir, uwsgi: uwsgiGlob.dir},
		{measure: 'new project under the glob → spawned', unit: 'ms', emperor: oursGlob.glob, uwsgi: uwsgiGlob.glob},
	]));
} finally {
	await pg.close();
	rmSync(root, {recursive: true, force: true});
}
