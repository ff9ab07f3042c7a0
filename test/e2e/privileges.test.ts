import assert from 'node:assert/strict';
import {chmodSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {startE2eEmperor, makeVassalsDir} from '../helpers/e2e-emperor.js';
import {httpGet, waitForHttp} from '../helpers/http.js';
import {startNginx} from '../helpers/nginx.js';
import {waitForChildren} from '../helpers/processes.js';
import {makeTempDir} from '../helpers/temp-dir.js';
import {isRoot, readProcessIds} from '../helpers/users.js';
import {copyExamples, dropVassalFile} from '../helpers/uwsgi-vassal.js';

const skip = !isRoot && 'needs root to run vassals and nginx as www-data';
const WWW_DATA = 33;

test('a uWSGI vassal with uid = www-data and a 660 socket owned by www-data is reachable by nginx running as www-data', {skip, timeout: 60_000}, async () => {
	const root = makeTempDir('emperor-privileges-');
	chmodSync(root, 0o755);
	const vassalsDir = makeVassalsDir(root, 'vassals');
	chmodSync(vassalsDir, 0o755);
	copyExamples(vassalsDir, 'myapp');
	const socket = join(vassalsDir, 'myapp.sock');
	const emperor = await startE2eEmperor(vassalsDir);
	dropVassalFile(vassalsDir, 'myapp.ini', [
		'[uwsgi]', 'plugins = python3', 'chdir = %dmyapp', 'module = wsgi:application', 'master = true', 'processes = 1',
		'uid = www-data', 'gid = www-data', `socket = ${socket}`, 'chown-socket = www-data:www-data', 'chmod-socket = 660', 'vacuum = true', '',
	].join('\n'));
	const spawned = await emperor.waitForLog({event: 'vassal-accepting', vassal: 'myapp.ini'});

	const stats = statSync(socket);
	assert.deepEqual([stats.uid, stats.gid, stats.mode & 0o777], [WWW_DATA, WWW_DATA, 0o660]);
	const [worker] = await waitForChildren(spawned.pid as number, 1);
	assert.equal(readProcessIds(worker!).uid[1], WWW_DATA, 'the worker runs as www-data');

	const nginx = await startNginx(join(root, 'nginx'), `unix:${socket}`, {user: 'www-data www-data'});
	const response = await waitForHttp({port: nginx.port});
	assert.equal(response.status, 200);
	assert.match(response.body, /Hello There!/);
	assert.equal((await httpGet({port: nginx.port})).status, 200);
	await nginx.stop();
});
