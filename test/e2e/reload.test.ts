import assert from 'node:assert/strict';
import {join} from 'node:path';
import {test} from 'node:test';
import {makeTempDir} from '../helpers/temp-dir.js';
import {makeVassalsDir, startE2eEmperor} from '../helpers/e2e-emperor.js';
import {httpGet, waitForHttp} from '../helpers/http.js';
import {pidOf, printFigure, timeOf} from '../helpers/log-fields.js';
import {getFreePort} from '../helpers/ports.js';
import {isProcessAlive, listChildPids, waitForChildren} from '../helpers/processes.js';
import {startRequestLoop} from '../helpers/request-loop.js';
import {copyExamples, dropVassalFile, makeApiVassalIni, readWorkerPid, touchFile} from '../helpers/uwsgi-vassal.js';

const root = makeTempDir('emperor-e2e-reload-');

test('touching a vassal file reloads uWSGI gracefully: same master, new workers, no failed request', {timeout: 90_000}, async () => {
	const vassalsDir = makeVassalsDir(root, 'touch');
	copyExamples(vassalsDir, 'api');
	const port = await getFreePort();
	const emperor = await startE2eEmperor(vassalsDir);
	dropVassalFile(vassalsDir, 'app.ini', makeApiVassalIni({httpSocket: `127.0.0.1:${port}`}));
	const master = pidOf(await emperor.waitForLog({event: 'vassal-spawned', vassal: 'app.ini'}));
	await emperor.waitForLog({event: 'vassal-accepting', vassal: 'app.ini'}, 30_000);
	await waitForHttp({port}, {timeoutMs: 30_000, until: response => response.status === 200});
	const oldWorkers = await waitForChildren(master, 1);

	const loop = startRequestLoop(() => httpGet({port}, '/', 10_000));
	await loop.waitForResponses(5);
	const touchedAt = touchFile(join(vassalsDir, 'app.ini'));
	const reloading = await emperor.waitForLog({event: 'vassal-reloading', vassal: 'app.ini'});
	const firstNew = await loop.waitForResponse(response => {
		const pid = readWorkerPid(response.body);
		return pid !== undefined && !oldWorkers.includes(pid);
	}, 30_000);
	await loop.waitForResponses(loop.results.length + 20);
	const results = await loop.stop();

	const failures = results.filter(result => result.error !== undefined || result.response?.status !== 200);
	assert.deepEqual(failures.map(result => result.error ?? `HTTP ${result.response?.status}`), [], 'a request failed during the reload');
	assert.equal(reloading.reason, 'file-changed');
	assert.equal(isProcessAlive(master), true, 'the master re-execs in place and keeps its pid');
	assert.equal(emperor.countLogs({event: 'vassal-spawned', vassal: 'app.ini'}), 1, 'a reload is not a respawn');
	const newWorkers = listChildPids(master);
	assert.equal(newWorkers.length, 1, `workers after reload: ${newWorkers.join(' ')}`);
	assert.deepEqual(newWorkers.filter(pid => oldWorkers.includes(pid)), [], 'every worker was replaced');

	const slowest = Math.max(...results.map(result => result.milliseconds));
	console.log(`[figure] requests across the reload: ${results.length}, failed: ${failures.length}, slowest: ${Math.round(slowest)} ms`);
	printFigure('touch → vassal-reloading logged', timeOf(reloading) - touchedAt);
	printFigure('touch → first response from a new worker', firstNew.at + firstNew.milliseconds - touchedAt);
});
