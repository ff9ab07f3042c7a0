import assert from 'node:assert/strict';
import {join} from 'node:path';
import {test} from 'node:test';
import {makeVassalsDir, startE2eEmperor} from '../helpers/e2e-emperor.js';
import {httpGet, waitForHttp} from '../helpers/http.js';
import {pidOf, printFigure} from '../helpers/log-fields.js';
import {isProcessAlive, waitForChildren, waitForProcessesGone} from '../helpers/processes.js';
import {startRequestLoop, type RequestResult} from '../helpers/request-loop.js';
import {makeTempDir} from '../helpers/temp-dir.js';
import {copyVersionedApp, dropVassalFile, makeHeldSocketVassalIni, readVersion} from '../helpers/uwsgi-vassal.js';

const root = makeTempDir('emperor-e2e-overlap-');

const failures = (results: readonly RequestResult[]) => results.filter(result => result.response?.status !== 200);
const worstMs = (results: readonly RequestResult[]) => Math.max(...results.map(result => result.milliseconds));

// a vassal dir with the versioned app, an emperor, and version 1 answering on the held socket
const startServing = async (name: string, options: {importDelay: number; processes?: number}) => {
	const vassalsDir = makeVassalsDir(root, name);
	copyVersionedApp(vassalsDir);
	const socket = join(vassalsDir, 'app.sock');
	const emperor = await startE2eEmperor(vassalsDir, []);
	const write = (version: string, extra: {failImport?: boolean; importDelay?: number; emperor?: string[]} = {}) =>
		dropVassalFile(vassalsDir, 'app.ini', makeHeldSocketVassalIni({socket, version, processes: options.processes, importDelay: options.importDelay, ...extra}));
	write('1');
	const first = pidOf(await emperor.waitForLog({event: 'vassal-accepting', vassal: 'app.ini'}, 30_000));
	await waitForHttp({socketPath: socket}, {path: '/', timeoutMs: 10_000});
	return {emperor, socket, write, first};
};

test('a touch runs the new generation beside the old one: no request fails or waits for the import, and the old one finishes its slow request', {timeout: 120_000}, async () => {
	const {emperor, socket, write, first} = await startServing('overlap', {importDelay: 2, processes: 2});
	const loop = startRequestLoop(() => httpGet({socketPath: socket}, '/', 10_000));
	await loop.waitForResponses(5);

	const touchedAt = write('2');
	await emperor.waitForLog({event: 'vassal-overlap-started', vassal: 'app.ini'}, 10_000);
	// a request that is still running on the old generation when the new one takes over
	const slow = httpGet({socketPath: socket}, '/slow?3', 20_000);
	const reloaded = await emperor.waitForLog({event: 'vassal-reloaded', vassal: 'app.ini'}, 30_000);
	const second = pidOf(reloaded);
	assert.equal(reloaded.previousPid, first);
	const answered = await loop.waitForResponse(response => readVersion(response.body) === '2', 10_000);
	printFigure('touch → the new generation answers (2 s import)', answered.at + answered.milliseconds - touchedAt);

	const slowResponse = await slow;
	assert.equal(slowResponse.status, 200, slowResponse.body);
	assert.equal(readVersion(slowResponse.body), '1', 'the slow request was served by the old generation, to its end');
	await emperor.waitForLog(line => line.event === 'vassal-retired' && line.pid === first, 20_000);
	assert.equal(isProcessAlive(first), false);
	assert.ok(isProcessAlive(second));

	// a second touch: the same again
	write('3');
	await emperor.waitForLog(line => line.event === 'vassal-reloaded' && line.previousPid === second, 30_000);
	await loop.waitForResponse(response => readVersion(response.body) === '3', 10_000);
	const results = await loop.stop();
	printFigure('two overlap reloads of a 2 s import, requests back to back: worst latency', worstMs(results));
	assert.deepEqual(failures(results), [], 'a request failed during the reloads');
	assert.equal(emperor.countLogs({event: 'vassal-reloading', vassal: 'app.ini'}), 0, 'a reload went in place');
});

test('a bad deploy never takes the app down: the old generation keeps serving, and a crash respawns it from the kept config', {timeout: 120_000}, async () => {
	const {emperor, socket, write, first} = await startServing('bad-deploy', {importDelay: 0});
	const loop = startRequestLoop(() => httpGet({socketPath: socket}, '/', 10_000));
	await loop.waitForResponses(5);

	write('2', {failImport: true});
	const failed = await emperor.waitForLog({event: 'vassal-reload-failed', vassal: 'app.ini'}, 30_000);
	assert.match(String(failed.reason), /exited with code \d+ before accepting/);
	assert.equal(failed.servingPid, first);
	const afterFailure = loop.results.length;
	await loop.waitForResponses(afterFailure + 5);
	assert.ok(isProcessAlive(first));
	assert.deepEqual(failures(await loop.stop()), [], 'a request failed during the bad deploy');

	// the serving master dies: it comes back from the config that served, not from the broken file (the loop starts
	// once the killed master's workers are gone too: a request one of them accepted would be lost under any supervisor)
	const workers = await waitForChildren(first, 1);
	process.kill(first, 'SIGKILL');
	await waitForProcessesGone([first, ...workers]);
	const afterCrash = startRequestLoop(() => httpGet({socketPath: socket}, '/', 10_000));
	await emperor.waitForLog({event: 'vassal-config-kept', vassal: 'app.ini'}, 10_000);
	const back = pidOf(await emperor.waitForLog(line => line.event === 'vassal-accepting' && line.pid !== first, 30_000));
	const answered = await afterCrash.waitForResponse(response => readVersion(response.body) === '1', 10_000);
	assert.equal(answered.response?.status, 200);
	assert.equal(emperor.countLogs({event: 'vassal-backoff', vassal: 'app.ini'}), 0);

	// the file is fixed: the next change is tried again
	write('3');
	await emperor.waitForLog(line => line.event === 'vassal-reloaded' && line.previousPid === back, 30_000);
	await afterCrash.waitForResponse(response => readVersion(response.body) === '3', 10_000);
	const results = await afterCrash.stop();
	assert.deepEqual(failures(results), [], 'a request failed after the crash or during the fixed deploy');
});

test('a new generation not accepting within [emperor] reload-timeout is stopped; the old one keeps serving', {timeout: 60_000}, async () => {
	const {emperor, socket, write, first} = await startServing('reload-timeout', {importDelay: 0});
	write('2', {importDelay: 30, emperor: ['reload-timeout = 1']});
	const failed = await emperor.waitForLog({event: 'vassal-reload-failed', vassal: 'app.ini'}, 20_000);
	assert.match(String(failed.reason), /reload-timeout/);
	const stuck = pidOf(failed);
	await emperor.waitForLog(line => line.event === 'vassal-retired' && line.pid === stuck, 40_000);
	const response = await httpGet({socketPath: socket}, '/');
	assert.equal(readVersion(response.body), '1');
	assert.ok(isProcessAlive(first));
});
