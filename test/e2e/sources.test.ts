import assert from 'node:assert/strict';
import {mkdirSync, readlinkSync, realpathSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import {after, test} from 'node:test';
import {startEmperorProcess} from '../helpers/emperor-process.js';
import {waitForHttp} from '../helpers/http.js';
import {pidOf} from '../helpers/log-fields.js';
import {getFreePort} from '../helpers/ports.js';
import {findProcessesUnder} from '../helpers/processes.js';
import {makeTempDir} from '../helpers/temp-dir.js';
import {copyExamples, dropVassalFile, makeApiVassalIni} from '../helpers/uwsgi-vassal.js';

const root = realpathSync(makeTempDir('emperor-e2e-sources-'));

// starts the built emperor with these sources; after the test it is stopped and anything left under root killed
const startWithSources = async (args: string[], cwd: string) => {
	const emperor = startEmperorProcess(args, {cwd});
	after(async function stopEmperorAndLeftovers() {
		const timer = setTimeout(() => emperor.child.kill('SIGKILL'), 15_000);
		await emperor.stop('SIGTERM');
		clearTimeout(timer);
		for (const pid of findProcessesUnder(root)) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {}
		}
	});
	await emperor.waitForLog({event: 'emperor-started'}, 10_000);
	return emperor;
};

// a project directory as uWSGI users lay them out: the app, and its uwsgi.ini next to it
const makeProject = (projects: string, name: string, port: number): string => {
	const directory = join(projects, name);
	mkdirSync(directory, {recursive: true});
	copyExamples(directory, 'api');
	// no chdir: the vassal stays where the emperor started it; %d (the file's directory) finds the app
	const ini = makeApiVassalIni({httpSocket: `127.0.0.1:${port}`}).replace('chdir = %dapi', 'pythonpath = %dapi');
	dropVassalFile(directory, 'uwsgi.ini', ini);
	return join(directory, 'uwsgi.ini');
};

test("--emperor '/x/*/uwsgi.ini' runs a real uWSGI per project, named by its path and run in the emperor's cwd, and sees a new project at once", {timeout: 90_000}, async () => {
	const projects = join(root, 'projects');
	const cwd = join(root, 'cwd');
	mkdirSync(cwd, {recursive: true});
	const [blogPort, shopPort] = [await getFreePort(), await getFreePort()];
	const blog = makeProject(projects, 'blog', blogPort);
	const emperor = await startWithSources(['--emperor', `${projects}/*/uwsgi.ini`, '--emperor-freq', '600'], cwd);
	assert.equal((await waitForHttp({port: blogPort}, {path: '/', timeoutMs: 30_000})).status, 200);
	const spawned = await emperor.waitForLog({event: 'vassal-spawned', vassal: blog});
	assert.equal(readlinkSync(`/proc/${pidOf(spawned)}/cwd`), cwd, 'a glob vassal runs in the emperor\'s working directory, as in uWSGI');

	// a new project directory: seen through its watch, long before the 600 s rescan
	const shop = makeProject(projects, 'shop', shopPort);
	assert.equal((await waitForHttp({port: shopPort}, {path: '/', timeoutMs: 30_000})).status, 200);
	await emperor.waitForLog({event: 'vassal-spawned', vassal: shop});
});

test('a glob that matches nothing yet is fine and said so', {timeout: 30_000}, async () => {
	const empty = join(root, 'empty');
	mkdirSync(empty, {recursive: true});
	const emperor = await startWithSources(['--emperor', `glob://${empty}/*/uwsgi.ini`], root);
	const line = await emperor.waitForLog({event: 'source-no-match'});
	assert.equal(line.source, `glob://${empty}/*/uwsgi.ini`);
});

test('--emperor A --emperor B governs both; a name both produce runs from A, and B\'s is refused naming both, and takes over when A\'s file goes', {timeout: 90_000}, async () => {
	const [a, b] = [join(root, 'a'), join(root, 'b')];
	for (const directory of [a, b]) {
		mkdirSync(directory, {recursive: true});
		copyExamples(directory, 'api');
	}
	const [aPort, bPort, otherPort] = [await getFreePort(), await getFreePort(), await getFreePort()];
	dropVassalFile(a, 'app.ini', makeApiVassalIni({httpSocket: `127.0.0.1:${aPort}`}));
	dropVassalFile(b, 'app.ini', makeApiVassalIni({httpSocket: `127.0.0.1:${bPort}`}));
	dropVassalFile(b, 'other.ini', makeApiVassalIni({httpSocket: `127.0.0.1:${otherPort}`}));
	const emperor = await startWithSources(['--emperor', a, '--emperor', `dir://${b}`], root);
	assert.equal((await waitForHttp({port: aPort}, {timeoutMs: 30_000})).status, 200);
	assert.equal((await waitForHttp({port: otherPort}, {timeoutMs: 30_000})).status, 200);
	const refused = await emperor.waitForLog({event: 'vassal-name-duplicate', vassal: 'app.ini'});
	assert.deepEqual({owner: refused.owner, source: refused.source}, {owner: a, source: b});
	assert.match(String(refused.msg), new RegExp(`${b}.*${a}`));
	assert.equal(emperor.countLogs({event: 'vassal-spawned', vassal: 'app.ini'}), 1);
	const started = emperor.logs.find(line => line.event === 'emperor-started')!;
	assert.deepEqual(started.sources, [a, b]);

	// A's file goes: its vassal stops, and B's file of that name runs from B
	rmSync(join(a, 'app.ini'));
	const fromB = await waitForHttp({port: bPort}, {timeoutMs: 30_000});
	assert.equal(fromB.status, 200);
	const second = emperor.logs.filter(line => line.event === 'vassal-spawned' && line.vassal === 'app.ini').at(-1)!;
	assert.equal(readlinkSync(`/proc/${pidOf(second)}/cwd`), join(b, 'api'));
});

test('a directory that does not exist, among others, is an error at start-up naming it; so is a malformed pg:// spec', {timeout: 30_000}, async () => {
	const missing = join(root, 'missing');
	const emperor = startEmperorProcess(['--emperor', root, '--emperor', missing], {cwd: root});
	assert.equal((await emperor.exited).code, 1);
	assert.ok(emperor.logs.some(line => line.event === 'emperor-fatal' && String(line.msg).includes(`vassals directory ${missing} does not exist`)));
	const pg = startEmperorProcess(['--emperor', root, '--emperor', "pg://dbname='emperor"], {cwd: root});
	assert.equal((await pg.exited).code, 1);
	assert.ok(pg.logs.some(line => line.event === 'emperor-fatal' && String(line.msg).includes('vassal source "pg://dbname=\'emperor": not a valid libpq connection string')));
});
