import assert from 'node:assert/strict';
import {test} from 'node:test';
import {makeTempDir} from '../helpers/temp-dir.js';
import {makeVassalsDir, startE2eEmperor} from '../helpers/e2e-emperor.js';
import {waitForHttp} from '../helpers/http.js';
import {pidOf, printFigure, timeOf} from '../helpers/log-fields.js';
import {getFreePort} from '../helpers/ports.js';
import {listChildPids} from '../helpers/processes.js';
import {copyExamples, dropVassalFile, makeApiVassalIni, readWorkerPid} from '../helpers/uwsgi-vassal.js';

const root = makeTempDir('emperor-e2e-serve-');

test('a vassal file dropped into the directory is spawned as real uWSGI and answers HTTP 200 with the app body', {timeout: 60_000}, async () => {
	const vassalsDir = makeVassalsDir(root, 'drop');
	copyExamples(vassalsDir, 'api');
	const [port, laterPort] = [await getFreePort(), await getFreePort()];
	const emperor = await startE2eEmperor(vassalsDir);

	const landedAt = dropVassalFile(vassalsDir, 'app.ini', makeApiVassalIni({httpSocket: `127.0.0.1:${port}`}));
	const response = await waitForHttp({port}, {path: '/hello', timeoutMs: 30_000});
	const servedAt = Date.now();

	assert.equal(response.status, 200, response.body);
	const body = JSON.parse(response.body) as {app: string; pid: number; path: string};
	assert.equal(body.app, 'api');
	assert.equal(body.path, '/hello');
	const spawned = await emperor.waitForLog({event: 'vassal-spawned', vassal: 'app.ini'});
	assert.ok(listChildPids(pidOf(spawned)).includes(body.pid), `worker ${body.pid} is not a child of the spawned master ${pidOf(spawned)}`);
	printFigure('file landed just after emperor-started → vassal-spawned', timeOf(spawned) - landedAt);
	printFigure('file landed just after emperor-started → first HTTP 200', servedAt - landedAt);

	// the same once the emperor has been running for a while
	const laterLandedAt = dropVassalFile(vassalsDir, 'later.ini', makeApiVassalIni({httpSocket: `127.0.0.1:${laterPort}`}));
	const later = await waitForHttp({port: laterPort}, {timeoutMs: 30_000});
	const laterServedAt = Date.now();
	assert.equal(later.status, 200, later.body);
	const laterSpawned = await emperor.waitForLog({event: 'vassal-spawned', vassal: 'later.ini'});
	assert.ok(listChildPids(pidOf(laterSpawned)).includes(readWorkerPid(later.body) ?? -1));
	printFigure('file landed on a running emperor → vassal-spawned', timeOf(laterSpawned) - laterLandedAt);
	printFigure('file landed on a running emperor → first HTTP 200', laterServedAt - laterLandedAt);
});

test('a vassal file dropped right after emperor-started is spawned at once, not at the next rescan', {timeout: 60_000}, async () => {
	// the window is a few ms wide, so try a few fresh emperors; each must see its file within the deadline
	for (const attempt of [1, 2, 3]) {
		const vassalsDir = makeVassalsDir(root, `at-once-${attempt}`);
		copyExamples(vassalsDir, 'api');
		const port = await getFreePort();
		// a one-minute rescan period: only the directory watcher can see the file within the deadline below
		const emperor = await startE2eEmperor(vassalsDir, ['--emperor-freq', '60']);

		dropVassalFile(vassalsDir, 'app.ini', makeApiVassalIni({httpSocket: `127.0.0.1:${port}`}));
		await emperor.waitForLog({event: 'vassal-spawned', vassal: 'app.ini'}, 3_000);

		assert.equal((await waitForHttp({port}, {timeoutMs: 20_000})).status, 200, `attempt ${attempt}`);
	}
});

test('a vassal file without a plugins line is served when the emperor passes --vassal-set plugins=python3', {timeout: 60_000}, async () => {
	const vassalsDir = makeVassalsDir(root, 'vassal-set');
	copyExamples(vassalsDir, 'api');
	const port = await getFreePort();
	await startE2eEmperor(vassalsDir, ['--vassal-set', 'plugins=python3']);

	dropVassalFile(vassalsDir, 'bare.ini', makeApiVassalIni({httpSocket: `127.0.0.1:${port}`, withPlugin: false}));
	// without the plugin uWSGI runs with "no app loaded" and closes every connection unanswered: this would time out
	const response = await waitForHttp({port}, {timeoutMs: 30_000});

	assert.equal(response.status, 200, response.body);
	assert.equal((JSON.parse(response.body) as {app: string}).app, 'api');
});
