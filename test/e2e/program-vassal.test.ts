import assert from 'node:assert/strict';
import {existsSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {basename, dirname, join} from 'node:path';
import {test} from 'node:test';
import {makeVassalsDir, startE2eEmperor} from '../helpers/e2e-emperor.js';
import {httpGet, waitForHttp} from '../helpers/http.js';
import {pidOf} from '../helpers/log-fields.js';
import {isProcessAlive} from '../helpers/processes.js';
import {startRequestLoop} from '../helpers/request-loop.js';
import {makeTempDir} from '../helpers/temp-dir.js';
import {copyExamples, readVersion} from '../helpers/uwsgi-vassal.js';

const root = makeTempDir('emperor-e2e-program-');

// the example Node.js vassal with another version, written in one step
const writeNodeVassal = (vassalsDir: string, version: string) => {
	const temporary = join(vassalsDir, '.node.ini.tmp');
	writeFileSync(temporary, `[emperor]\ncommand = node server.js\nchdir = node\nsocket = node.sock\non-demand = false\nready = log:node example listening\nenv = APP_VERSION=${version}\n`);
	return import('node:fs').then(fs => fs.renameSync(temporary, join(vassalsDir, 'node.ini')));
};

test('a Node.js server as a vassal: it gets the held socket as fd 3, reloads by overlap, comes back at once after a crash, and stops with its file', {timeout: 90_000}, async () => {
	const vassalsDir = makeVassalsDir(root, 'node');
	copyExamples(vassalsDir, 'node');
	// as in this repository, whose package.json says "type": "module": the example runs under any package.json above it
	writeFileSync(join(vassalsDir, 'package.json'), '{"type": "module"}\n');
	const socket = join(vassalsDir, 'node.sock');
	const emperor = await startE2eEmperor(vassalsDir, []);
	await writeNodeVassal(vassalsDir, '1');
	const first = pidOf(await emperor.waitForLog({event: 'vassal-spawned', vassal: 'node.ini'}, 20_000));
	const response = await waitForHttp({socketPath: socket}, {timeoutMs: 20_000});
	assert.equal(JSON.parse(response.body).pid, first, 'the program itself answers on the socket the emperor holds');

	const loop = startRequestLoop(() => httpGet({socketPath: socket}, '/', 10_000));
	await loop.waitForResponses(5);
	await writeNodeVassal(vassalsDir, '2');
	const reloaded = await emperor.waitForLog({event: 'vassal-reloaded', vassal: 'node.ini'}, 20_000);
	assert.equal(reloaded.previousPid, first);
	await loop.waitForResponse(answer => readVersion(answer.body) === '2');
	await emperor.waitForLog(line => line.event === 'vassal-retired' && line.pid === first, 20_000);
	assert.equal(isProcessAlive(first), false, 'the old generation got SIGTERM and exited');

	const results = await loop.stop();
	assert.deepEqual(results.filter(result => result.response?.status !== 200), [], 'a request failed during the reload');

	// a crash of a serving program: back at once, and every request sent from the moment of the kill is answered
	// (one in flight inside the killed process would be lost under any supervisor: the loop starts after the kill)
	const second = pidOf(reloaded);
	process.kill(second, 'SIGKILL');
	const afterCrash = startRequestLoop(() => httpGet({socketPath: socket}, '/', 10_000));
	await emperor.waitForLog(line => line.event === 'vassal-respawning' && line.vassal === 'node.ini', 20_000);
	await afterCrash.waitForResponse(answer => JSON.parse(answer.body).pid !== second && readVersion(answer.body) === '2');
	const crashResults = await afterCrash.stop();
	assert.deepEqual(crashResults.filter(result => result.response?.status !== 200), [], 'a request failed after the crash');

	rmSync(join(vassalsDir, 'node.ini'));
	await emperor.waitForLog({event: 'vassal-removed', vassal: 'node.ini'}, 20_000);
	assert.equal(existsSync(socket), false, 'the held socket is closed and removed with the vassal');
});

// the example app of a server, as vassals.example has it, on a held socket; the file names its own version
const startServerExample = async (name: 'gunicorn' | 'uvicorn', lines: readonly string[]) => {
	const vassalsDir = makeVassalsDir(root, name);
	copyExamples(vassalsDir, name);
	const socket = join(vassalsDir, `${name}.sock`);
	const emperor = await startE2eEmperor(vassalsDir, []);
	const write = (version: string) => {
		const temporary = join(vassalsDir, `.${name}.ini.tmp`);
		writeFileSync(temporary, ['[emperor]', ...lines, `chdir = ${name}`, `socket = ${name}.sock`, 'on-demand = false', `env = APP_VERSION=${version}`, ''].join('\n'));
		return import('node:fs').then(fs => fs.renameSync(temporary, join(vassalsDir, `${name}.ini`)));
	};
	await write('1');
	const first = pidOf(await emperor.waitForLog({event: 'vassal-accepting', vassal: `${name}.ini`}, 30_000));
	return {emperor, socket, write, first};
};

for (const [name, lines] of [
	['uvicorn', ['command = uvicorn --fd 3 app:app', 'ready = log:Application startup complete']],
	['gunicorn', ['command = gunicorn --workers 2 app:application']],
] as const) {
	test(`${name} as a vassal takes the held socket and reloads by overlap with no failed request`, {timeout: 90_000}, async () => {
		const {emperor, socket, write, first} = await startServerExample(name, lines);
		const loop = startRequestLoop(() => httpGet({socketPath: socket}, '/', 10_000));
		await loop.waitForResponse(answer => JSON.parse(answer.body).app === name, 20_000);
		const firstSocket = statSync(socket).ino;
		await write('2');
		await emperor.waitForLog(line => line.event === 'vassal-reloaded' && line.previousPid === first, 30_000);
		await loop.waitForResponse(answer => readVersion(answer.body) === '2', 20_000);
		await emperor.waitForLog(line => line.event === 'vassal-retired' && line.pid === first, 30_000);
		const results = await loop.stop();
		assert.deepEqual(results.filter(result => result.response?.status !== 200), []);
		// the new generation had a socket of its own, which took the path: the old one got no new connection to cut
		assert.notEqual(statSync(socket).ino, firstSocket);
		assert.equal(existsSync(join(dirname(socket), `.${basename(socket)}.next`)), false);
	});
}

test('idle = N: a program whose socket saw no connection for N seconds is stopped and sleeps on its socket; the next connection wakes it and is served', {timeout: 90_000}, async () => {
	const vassalsDir = makeVassalsDir(root, 'idle');
	copyExamples(vassalsDir, 'node');
	const socket = join(vassalsDir, 'node.sock');
	const emperor = await startE2eEmperor(vassalsDir, []);
	writeFileSync(join(vassalsDir, '.node.ini.tmp'), '[emperor]\ncommand = node server.js\nchdir = node\nsocket = node.sock\nidle = 2\n');
	(await import('node:fs')).renameSync(join(vassalsDir, '.node.ini.tmp'), join(vassalsDir, 'node.ini'));
	await emperor.waitForLog({event: 'vassal-on-demand', vassal: 'node.ini'}, 20_000);
	const first = await httpGet({socketPath: socket}, '/', 20_000);
	assert.equal(first.status, 200);
	const woken = Number(JSON.parse(first.body).pid);
	// requests keep it awake
	for (let index = 0; index < 3; index++) assert.equal((await httpGet({socketPath: socket})).status, 200);
	await emperor.waitForLog(line => line.event === 'vassal-idle' && line.vassal === 'node.ini', 20_000);
	await emperor.waitForLog(line => line.event === 'vassal-on-demand' && line.vassal === 'node.ini' && emperor.countLogs({event: 'vassal-on-demand', vassal: 'node.ini'}) >= 2, 20_000);
	assert.equal(isProcessAlive(woken), false);
	const again = await httpGet({socketPath: socket}, '/', 20_000);
	assert.equal(again.status, 200);
	assert.notEqual(Number(JSON.parse(again.body).pid), woken);
	assert.equal(emperor.countLogs({event: 'vassal-wake', vassal: 'node.ini'}), 2);
});
