import assert from 'node:assert/strict';
import {join} from 'node:path';
import {test} from 'node:test';
import {makeTempDir} from '../helpers/temp-dir.js';
import {makeVassalsDir, startE2eEmperor} from '../helpers/e2e-emperor.js';
import type {EmperorProcess} from '../helpers/emperor-process.js';
import {waitForHttp} from '../helpers/http.js';
import {startNginx} from '../helpers/nginx.js';
import {copyExamples} from '../helpers/uwsgi-vassal.js';

const root = makeTempDir('emperor-e2e-examples-');

// both example vassals run in every test: let both finish starting before the test ends, since a uWSGI
// told to stop while it is still forking workers can lose the SIGINT in a new worker and hang until SIGKILL;
// myapp's workers 2-5 may still be starting even then, so teardown gets a short --reload-mercy as well
const EMPEROR_ARGS = ['--reload-mercy', '3'];
const waitForBothAccepting = (emperor: EmperorProcess) =>
	Promise.all(['myapp.ini', 'api.ini'].map(vassal => emperor.waitForLog({event: 'vassal-accepting', vassal}, 30_000)));

test("the DigitalOcean guide's myapp from vassals.example says Hello There! through real nginx uwsgi_pass to its unix socket", {timeout: 60_000}, async () => {
	const vassalsDir = makeVassalsDir(root, 'nginx');
	copyExamples(vassalsDir);
	const emperor = await startE2eEmperor(vassalsDir, EMPEROR_ARGS);
	const nginx = await startNginx(join(vassalsDir, '.nginx'), `unix:${join(vassalsDir, 'myapp', 'myapp.sock')}`);

	// nginx answers 502 until uWSGI has bound myapp.sock
	const response = await waitForHttp({port: nginx.port}, {timeoutMs: 30_000, until: answer => answer.status !== 502});

	assert.equal(response.status, 200, `${response.body}\n${nginx.output.join('\n')}`);
	assert.match(response.body, /Hello There!/);
	assert.equal(emperor.countLogs({event: 'vassal-spawned', vassal: 'myapp.ini'}), 1);
	await waitForBothAccepting(emperor);
});

test('the example api from vassals.example answers JSON over HTTP on its unix socket', {timeout: 60_000}, async () => {
	const vassalsDir = makeVassalsDir(root, 'api');
	copyExamples(vassalsDir);
	const emperor = await startE2eEmperor(vassalsDir, EMPEROR_ARGS);

	const response = await waitForHttp({socketPath: join(vassalsDir, 'api.sock')}, {path: '/status', timeoutMs: 30_000});

	assert.equal(response.status, 200, response.body);
	assert.match(String(response.headers['content-type']), /application\/json/);
	assert.deepEqual({...JSON.parse(response.body) as object, pid: 0}, {app: 'api', pid: 0, method: 'GET', path: '/status'});
	await waitForBothAccepting(emperor);
});
