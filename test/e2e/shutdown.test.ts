import assert from 'node:assert/strict';
import {realpathSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {makeTempDir} from '../helpers/temp-dir.js';
import {makeVassalsDir, startE2eEmperor} from '../helpers/e2e-emperor.js';
import {waitForHttp} from '../helpers/http.js';
import {pidOf, printFigure} from '../helpers/log-fields.js';
import {getFreePort} from '../helpers/ports.js';
import {findProcessesUnder, isProcessAlive, waitForChildren} from '../helpers/processes.js';
import {copyExamples, dropVassalFile, makeApiVassalIni} from '../helpers/uwsgi-vassal.js';

const root = makeTempDir('emperor-e2e-shutdown-');

test('SIGTERM to the emperor stops every uWSGI vassal, logs emperor-buried and exits 0', {timeout: 90_000}, async () => {
	const vassalsDir = makeVassalsDir(root, 'sigterm');
	copyExamples(vassalsDir, 'api');
	const port = await getFreePort();
	const socketPath = join(vassalsDir, 'second.sock');
	const emperor = await startE2eEmperor(vassalsDir);
	dropVassalFile(vassalsDir, 'first.ini', makeApiVassalIni({httpSocket: `127.0.0.1:${port}`}));
	dropVassalFile(vassalsDir, 'second.ini', makeApiVassalIni({httpSocket: socketPath}));
	assert.equal((await waitForHttp({port}, {timeoutMs: 30_000})).status, 200);
	assert.equal((await waitForHttp({socketPath}, {timeoutMs: 30_000})).status, 200);
	const masters = [
		pidOf(await emperor.waitForLog({event: 'vassal-spawned', vassal: 'first.ini'})),
		pidOf(await emperor.waitForLog({event: 'vassal-spawned', vassal: 'second.ini'})),
	];
	const workers = [...await waitForChildren(masters[0]!, 1), ...await waitForChildren(masters[1]!, 1)];

	const signalledAt = Date.now();
	const {code, signal} = await emperor.stop('SIGTERM');
	const exitedAt = Date.now();

	assert.deepEqual({code, signal}, {code: 0, signal: null});
	assert.equal(emperor.countLogs({event: 'emperor-shutdown'}), 1);
	assert.equal(emperor.countLogs({event: 'emperor-buried'}), 1);
	assert.equal(emperor.countLogs({event: 'vassal-killed'}), 0, 'uWSGI obeys byte 0, no SIGKILL needed');
	for (const master of masters) {
		assert.ok(emperor.logs.some(line => line.event === 'vassal-exited' && line.pid === master), `no vassal-exited for master ${master}`);
	}
	// "every vassal is gone, exit 0 follows": nothing of this test may survive the emperor
	assert.deepEqual([...masters, ...workers].filter(isProcessAlive), [], 'uWSGI processes left after the emperor exited');
	assert.deepEqual(findProcessesUnder(realpathSync(vassalsDir)), [], 'processes still running in the vassals dir');

	printFigure('SIGTERM → emperor exit 0 with two vassals', exitedAt - signalledAt);
});
