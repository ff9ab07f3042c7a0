import assert from 'node:assert/strict';
import {rmSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {makeTempDir} from '../helpers/temp-dir.js';
import {makeVassalsDir, startE2eEmperor} from '../helpers/e2e-emperor.js';
import {httpGet, waitForHttp} from '../helpers/http.js';
import {pidOf, printFigure, timeOf} from '../helpers/log-fields.js';
import {getFreePort} from '../helpers/ports.js';
import {isProcessAlive, waitForChildren, waitForProcessesGone} from '../helpers/processes.js';
import {copyExamples, dropVassalFile, makeApiVassalIni} from '../helpers/uwsgi-vassal.js';

const root = makeTempDir('emperor-e2e-remove-');

test('removing a vassal file stops its uWSGI: the port refuses connections and master and workers are gone', {timeout: 60_000}, async () => {
	const vassalsDir = makeVassalsDir(root, 'rm');
	copyExamples(vassalsDir, 'api');
	const port = await getFreePort();
	const emperor = await startE2eEmperor(vassalsDir);
	dropVassalFile(vassalsDir, 'app.ini', makeApiVassalIni({httpSocket: `127.0.0.1:${port}`}));
	const master = pidOf(await emperor.waitForLog({event: 'vassal-spawned', vassal: 'app.ini'}));
	const ready = await waitForHttp({port}, {timeoutMs: 30_000});
	assert.equal(ready.status, 200, ready.body);
	const workers = await waitForChildren(master, 1);

	const removedAt = Date.now();
	rmSync(join(vassalsDir, 'app.ini'));
	const stopping = await emperor.waitForLog({event: 'vassal-stopping', vassal: 'app.ini'});
	const exited = await emperor.waitForLog(line => line.event === 'vassal-exited' && line.pid === master, 20_000);
	await emperor.waitForLog({event: 'vassal-removed', vassal: 'app.ini'});

	assert.equal(stopping.reason, 'file-removed');
	await assert.rejects(httpGet({port}), {code: 'ECONNREFUSED'});
	assert.equal(isProcessAlive(master), false, `master ${master} is still alive`);
	await waitForProcessesGone(workers, 5_000);
	assert.equal(emperor.countLogs({event: 'vassal-killed', vassal: 'app.ini'}), 0, 'uWSGI obeys byte 0, no SIGKILL needed');
	assert.equal(emperor.countLogs({event: 'vassal-spawned', vassal: 'app.ini'}), 1, 'a removed vassal is not respawned');

	printFigure('rm → vassal-exited', timeOf(exited) - removedAt);
});
