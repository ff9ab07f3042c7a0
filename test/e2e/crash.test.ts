import assert from 'node:assert/strict';
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {makeTempDir} from '../helpers/temp-dir.js';
import {makeVassalsDir, startE2eEmperor} from '../helpers/e2e-emperor.js';
import type {EmperorProcess} from '../helpers/emperor-process.js';
import {waitForHttp} from '../helpers/http.js';
import {pidOf, printFigure, timeOf} from '../helpers/log-fields.js';
import {getFreePort} from '../helpers/ports.js';
import {isProcessAlive, listChildPids} from '../helpers/processes.js';
import {copyExamples, dropVassalFile, makeApiVassalIni, readWorkerPid} from '../helpers/uwsgi-vassal.js';

const root = makeTempDir('emperor-e2e-crash-');
const KILLS = 5;

// SIGKILLs the vassal's newest master and waits until a worker of a new master answers; returns the new master
const killMasterAndWaitForService = async (emperor: EmperorProcess, port: number, oldMasters: readonly number[]) => {
	const oldMaster = oldMasters.at(-1)!;
	const killedAt = Date.now();
	process.kill(oldMaster, 'SIGKILL');
	const exited = await emperor.waitForLog(line => line.event === 'vassal-exited' && line.pid === oldMaster);
	const respawned = await emperor.waitForLog(line => line.event === 'vassal-spawned' && line.vassal === 'app.ini' && !oldMasters.includes(line.pid as number), 30_000);
	const newMaster = pidOf(respawned);
	// only a worker of the new master counts as "served again"
	const again = await waitForHttp({port}, {
		timeoutMs: 30_000,
		until: response => response.status === 200 && listChildPids(newMaster).includes(readWorkerPid(response.body) ?? -1),
	});
	assert.equal(again.status, 200);
	assert.equal(exited.signal, 'SIGKILL');
	assert.equal(isProcessAlive(oldMaster), false, `old master ${oldMaster} is still alive`);
	return {newMaster, respawnedMs: timeOf(respawned) - killedAt, servedMs: Date.now() - killedAt};
};

test(`a serving vassal whose master is SIGKILLed ${KILLS} times in a row is back at once each time, with a new pid`, {timeout: 120_000}, async () => {
	const vassalsDir = makeVassalsDir(root, 'sigkill');
	copyExamples(vassalsDir, 'api');
	const port = await getFreePort();
	const emperor = await startE2eEmperor(vassalsDir, []);
	dropVassalFile(vassalsDir, 'app.ini', makeApiVassalIni({httpSocket: `127.0.0.1:${port}`}));
	assert.equal((await waitForHttp({port}, {timeoutMs: 30_000})).status, 200);
	let master = pidOf(await emperor.waitForLog({event: 'vassal-spawned', vassal: 'app.ini'}));
	const masters = [master];
	const servedMs: number[] = [];
	for (let kill = 0; kill < KILLS; kill++) {
		// "serving": the new master said accepting (byte 5) before it is killed again
		await emperor.waitForLog(line => line.event === 'vassal-accepting' && line.pid === master, 30_000);
		const outcome = await killMasterAndWaitForService(emperor, port, masters);
		master = outcome.newMaster;
		masters.push(master);
		servedMs.push(outcome.servedMs);
		printFigure(`SIGKILL ${kill + 1} of a serving vassal → served again (HTTP 200 from a new worker)`, outcome.servedMs);
	}

	assert.equal(new Set(masters).size, KILLS + 1, `masters ${JSON.stringify(masters)}`);
	assert.equal(emperor.countLogs({event: 'vassal-backoff', vassal: 'app.ini'}), 0, 'a serving vassal was throttled');
	assert.equal(emperor.countLogs({event: 'vassal-respawning', vassal: 'app.ini', reason: 'served'}), KILLS);
	assert.equal(emperor.countLogs({event: 'vassal-spawned', vassal: 'app.ini'}), KILLS + 1);
	printFigure(`SIGKILL of a serving vassal → served again, worst of ${KILLS}`, Math.max(...servedMs));
});

test('a vassal whose app fails at import (need-app) is never seen serving and backs off', {timeout: 60_000}, async () => {
	const vassalsDir = makeVassalsDir(root, 'import');
	mkdirSync(join(vassalsDir, 'broken'));
	writeFileSync(join(vassalsDir, 'broken', 'app.py'), 'raise RuntimeError("the app cannot start")\n');
	const port = await getFreePort();
	const emperor = await startE2eEmperor(vassalsDir, ['--emperor-throttle', '200']);
	dropVassalFile(vassalsDir, 'broken.ini', [
		'[uwsgi]', 'plugins = python3', 'chdir = %dbroken', 'module = app:application', 'need-app = true', 'master = true',
		'processes = 1', `http-socket = 127.0.0.1:${port}`, '',
	].join('\n'));
	await emperor.waitForLog(() => emperor.countLogs({event: 'vassal-backoff', vassal: 'broken.ini'}) >= 3, 30_000);

	const backoffs = emperor.logs.filter(line => line.event === 'vassal-backoff' && line.vassal === 'broken.ini');
	assert.deepEqual(backoffs.map(line => line.reason), backoffs.map(() => 'never-served'));
	assert.deepEqual(backoffs.slice(0, 3).map(line => line.quickDeaths), [1, 2, 3]);
	assert.equal(emperor.countLogs({event: 'vassal-accepting', vassal: 'broken.ini'}), 0);
	assert.equal(emperor.countLogs({event: 'vassal-respawning', vassal: 'broken.ini'}), 0);
	const exits = emperor.logs.filter(line => line.event === 'vassal-exited' && line.vassal === 'broken.ini');
	assert.ok(exits.every(line => line.code === 22), `uWSGI exits 22 for an app that failed with need-app: ${JSON.stringify(exits.map(line => line.code))}`);
});
