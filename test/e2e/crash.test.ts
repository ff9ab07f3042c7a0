import assert from 'node:assert/strict';
import {test} from 'node:test';
import {makeTempDir} from '../helpers/temp-dir.js';
import {makeVassalsDir, startE2eEmperor} from '../helpers/e2e-emperor.js';
import {waitForHttp} from '../helpers/http.js';
import {pidOf, printFigure, timeOf} from '../helpers/log-fields.js';
import {getFreePort} from '../helpers/ports.js';
import {isProcessAlive, listChildPids} from '../helpers/processes.js';
import {copyExamples, dropVassalFile, makeApiVassalIni, readWorkerPid} from '../helpers/uwsgi-vassal.js';

const root = makeTempDir('emperor-e2e-crash-');

// drops a vassal, SIGKILLs its master once it served, and waits until a worker of a new master answers
const killMasterAndWaitForService = async (caseName: string, emperorArgs: string[]) => {
	const vassalsDir = makeVassalsDir(root, caseName);
	copyExamples(vassalsDir, 'api');
	const port = await getFreePort();
	const emperor = await startE2eEmperor(vassalsDir, emperorArgs);
	dropVassalFile(vassalsDir, 'app.ini', makeApiVassalIni({httpSocket: `127.0.0.1:${port}`}));
	const first = await waitForHttp({port}, {timeoutMs: 30_000});
	assert.equal(first.status, 200, first.body);
	const oldMaster = pidOf(await emperor.waitForLog({event: 'vassal-spawned', vassal: 'app.ini'}));

	const killedAt = Date.now();
	process.kill(oldMaster, 'SIGKILL');
	const exited = await emperor.waitForLog(line => line.event === 'vassal-exited' && line.pid === oldMaster);
	const respawned = await emperor.waitForLog(line => line.event === 'vassal-spawned' && line.vassal === 'app.ini' && line.pid !== oldMaster, 30_000);
	const newMaster = pidOf(respawned);
	// only a worker of the new master counts as "served again"
	const again = await waitForHttp({port}, {
		timeoutMs: 30_000,
		until: response => response.status === 200 && listChildPids(newMaster).includes(readWorkerPid(response.body) ?? -1),
	});
	const servedAt = Date.now();

	assert.equal(again.status, 200);
	assert.equal(exited.signal, 'SIGKILL');
	assert.notEqual(newMaster, oldMaster);
	assert.equal(isProcessAlive(oldMaster), false, `old master ${oldMaster} is still alive`);
	assert.equal(emperor.countLogs({event: 'vassal-spawned', vassal: 'app.ini'}), 2);
	const backoff = emperor.logs.find(line => line.event === 'vassal-backoff' && timeOf(line) >= killedAt);
	return {killedAt, exited, respawned, servedAt, backoff};
};

test('a vassal whose master is killed with SIGKILL is respawned with a new pid and serves again', {timeout: 90_000}, async () => {
	const {killedAt, exited, respawned, servedAt, backoff} = await killMasterAndWaitForService('sigkill', []);

	console.log(`[figure] backoff after a SIGKILL 1 s after spawn (default flags): ${backoff === undefined ? 'none' : `${String(backoff.delayMs)} ms`}`);
	printFigure('SIGKILL → vassal-exited logged', timeOf(exited) - killedAt);
	printFigure('SIGKILL → new vassal-spawned', timeOf(respawned) - killedAt);
	printFigure('SIGKILL → served again (HTTP 200 from a new worker)', servedAt - killedAt);
});

test('a vassal killed after its stable uptime is respawned at once, without backoff', {timeout: 90_000}, async () => {
	// --emperor-stable-uptime 0 makes the short-lived test vassal count as long-running, like a production crash
	const {killedAt, respawned, servedAt, backoff} = await killMasterAndWaitForService('stable', ['--emperor-stable-uptime', '0']);

	assert.equal(backoff, undefined, `unexpected backoff: ${JSON.stringify(backoff)}`);
	printFigure('SIGKILL of a stable vassal → new vassal-spawned', timeOf(respawned) - killedAt);
	printFigure('SIGKILL of a stable vassal → served again (HTTP 200 from a new worker)', servedAt - killedAt);
});
