import assert from 'node:assert/strict';
import {statSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {makeVassalsDir, startE2eEmperor} from '../helpers/e2e-emperor.js';
import {httpGet} from '../helpers/http.js';
import {pidOf, printFigure} from '../helpers/log-fields.js';
import {isProcessAlive, waitForChildren, waitForStopped} from '../helpers/processes.js';
import {makeTempDir} from '../helpers/temp-dir.js';
import {copyExamples, dropVassalFile, makeOnDemandVassalIni, readWorkerPid} from '../helpers/uwsgi-vassal.js';

const root = makeTempDir('emperor-e2e-held-socket-');

test('with on-demand = false the emperor holds the socket and runs the vassal at once; a request sent while its master is dead waits and is answered', {timeout: 90_000}, async () => {
	const vassalsDir = makeVassalsDir(root, 'held');
	copyExamples(vassalsDir, 'api');
	const socket = join(vassalsDir, 'app.sock');
	const emperor = await startE2eEmperor(vassalsDir, []);
	// no idle: the vassal just runs, on the socket the emperor holds
	const ini = makeOnDemandVassalIni({idle: 3600, protocol: 'http', extra: ['[emperor]', `socket = ${socket}`, 'on-demand = false']})
		.replace('idle = 3600\ndie-on-idle = true\n', '');
	dropVassalFile(vassalsDir, 'app.ini', ini);

	// spawned without any connection, and accepting on the held socket
	const first = pidOf(await emperor.waitForLog({event: 'vassal-spawned', vassal: 'app.ini'}, 20_000));
	await emperor.waitForLog(line => line.event === 'vassal-accepting' && line.pid === first, 20_000);
	assert.equal(emperor.countLogs({event: 'vassal-on-demand', vassal: 'app.ini'}), 0, 'the vassal slept instead of running');
	const inode = statSync(socket).ino;
	assert.equal((await httpGet({socketPath: socket}, '/')).status, 200);

	// kill the master and its workers, then ask: the connection waits in the held socket's backlog for the next
	// master. They are frozen first, so none of them can be inside accept() when the request comes: a request a
	// dying process took would be lost under any supervisor
	const processes = [first, ...await waitForChildren(first, 1)];
	for (const pid of processes) process.kill(pid, 'SIGSTOP');
	await waitForStopped(processes);
	for (const pid of processes) process.kill(pid, 'SIGKILL');
	const killedAt = Date.now();
	const during = await httpGet({socketPath: socket}, '/', 30_000);
	printFigure('SIGKILL of a vassal on a held socket → the request sent right after it answered', Date.now() - killedAt);
	const second = pidOf(await emperor.waitForLog(line => line.event === 'vassal-spawned' && line.vassal === 'app.ini' && line.pid !== first));

	assert.equal(during.status, 200, during.body);
	const answeredBy = readWorkerPid(during.body);
	assert.equal(typeof answeredBy, 'number', `not answered by the app: ${during.body}`);
	assert.ok(!processes.includes(answeredBy as number), `answered by a killed process: ${answeredBy}`);
	assert.equal(isProcessAlive(first), false);
	assert.ok(isProcessAlive(second));
	assert.equal(statSync(socket).ino, inode, 'the socket was bound anew: connections in between would have been refused');
	assert.equal(emperor.countLogs({event: 'vassal-backoff', vassal: 'app.ini'}), 0);
});
