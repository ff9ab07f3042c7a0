import assert from 'node:assert/strict';
import {existsSync, statSync} from 'node:fs';
import {unlink} from 'node:fs/promises';
import {join} from 'node:path';
import {test} from 'node:test';
import type {EmperorProcess} from '../helpers/emperor-process.js';
import {makeVassalsDir, startE2eEmperor} from '../helpers/e2e-emperor.js';
import {httpGet, type HttpResponse} from '../helpers/http.js';
import {pidOf, printFigure} from '../helpers/log-fields.js';
import {startNginx} from '../helpers/nginx.js';
import {getFreePort} from '../helpers/ports.js';
import {isProcessAlive, waitForProcessesGone} from '../helpers/processes.js';
import {makeTempDir} from '../helpers/temp-dir.js';
import {copyExamples, dropVassalFile, makeOnDemandVassalIni, readWorkerPid} from '../helpers/uwsgi-vassal.js';

const root = makeTempDir('emperor-e2e-on-demand-');
const IDLE_SECONDS = 2;
const ROUNDS = 3;
const REQUESTS_PER_ROUND = 3;

// the master of the vassal's latest incarnation, once it was spawned
const latestMaster = (emperor: EmperorProcess): number => pidOf(emperor.logs.filter(line => line.event === 'vassal-spawned').at(-1)!);

// waits until the vassal process went back to sleep (die-on-idle, then back to on-demand) and is gone with its workers
const waitUntilAsleep = async (emperor: EmperorProcess, master: number, workers: number[]) => {
	await emperor.waitForLog(line => line.event === 'vassal-exited' && line.pid === master && line.reason === 'idle' && line.state === 'on-demand', (IDLE_SECONDS + 10) * 1000);
	await waitForProcessesGone([master, ...workers], 5_000);
};

// the example app as app.ini, asleep on DIR/app.socket (--emperor-on-demand-directory), with nginx in front if asked
const startSleepingVassal = async (caseName: string, idle: number, withNginx: boolean) => {
	const vassalsDir = makeVassalsDir(root, caseName);
	copyExamples(vassalsDir, 'api');
	const socketDir = makeVassalsDir(root, `${caseName}-sockets`);
	const socket = join(socketDir, 'app.socket');
	// nginx first: its own start-up probe must not wake the vassal
	const nginx = withNginx ? await startNginx(join(root, `${caseName}-nginx`), `unix:${socket}`) : undefined;
	const emperor = await startE2eEmperor(vassalsDir, ['--emperor-on-demand-directory', socketDir]);
	dropVassalFile(vassalsDir, 'app.ini', makeOnDemandVassalIni({idle}));
	await emperor.waitForLog({event: 'vassal-on-demand', vassal: 'app.ini', socket}, 20_000);
	return {vassalsDir, socket, nginx: nginx!, emperor};
};

// one GET, its status and body, or the error that kept it from an answer
const get = async (target: Parameters<typeof httpGet>[0], path: string): Promise<HttpResponse | {error: string}> => {
	try {
		return await httpGet(target, path, 30_000);
	} catch (error) {
		return {error: String(error)};
	}
};

test('behind nginx, an idle vassal sleeps and wakes on each first request: every request gets its 200', {timeout: 120_000}, async () => {
	const {socket, nginx, emperor} = await startSleepingVassal('nginx', IDLE_SECONDS, true);
	const inode = statSync(socket).ino;
	const nginxLinesBefore = nginx.output.length;

	const answers: (HttpResponse | {error: string})[] = [];
	for (let round = 1; round <= ROUNDS; round++) {
		assert.equal(emperor.countLogs({event: 'vassal-spawned'}), round - 1, `round ${round}: a vassal ran before its first request`);
		const startedAt = performance.now();
		for (let request = 1; request <= REQUESTS_PER_ROUND; request++) {
			answers.push(await get({port: nginx.port}, `/round-${round}/request-${request}`));
			if (request === 1) printFigure(`round ${round}: first request through nginx, from dormant to HTTP 200`, performance.now() - startedAt);
		}
		const workers = answers.slice(-REQUESTS_PER_ROUND).flatMap(answer => ('body' in answer ? [readWorkerPid(answer.body) ?? -1] : []));
		// the pause: longer than the idle time, until the vassal is gone
		await waitUntilAsleep(emperor, latestMaster(emperor), workers);
		assert.equal(statSync(socket).ino, inode, `round ${round}: the socket was replaced`);
	}

	assert.deepEqual(answers.map(answer => ('status' in answer ? answer.status : answer.error)), Array(ROUNDS * REQUESTS_PER_ROUND).fill(200));
	assert.equal(emperor.countLogs({event: 'vassal-wake', vassal: 'app.ini'}), ROUNDS);
	assert.equal(emperor.countLogs({event: 'vassal-spawned', vassal: 'app.ini'}), ROUNDS);
	const refused = nginx.output.slice(nginxLinesBefore).filter(line => /connect\(\) .*failed|refused|upstream prematurely closed/.test(line));
	assert.deepEqual(refused, []);
	assert.ok(emperor.output.some(line => line.includes('uwsgi socket 0 inherited UNIX address')), 'uWSGI did not say it inherited fd 0');
});

test('a TCP on-demand socket from the [emperor] section wakes a vassal that speaks HTTP on it', {timeout: 60_000}, async () => {
	const vassalsDir = makeVassalsDir(root, 'tcp');
	copyExamples(vassalsDir, 'api');
	const port = await getFreePort();
	const emperor = await startE2eEmperor(vassalsDir);
	dropVassalFile(vassalsDir, 'app.ini', makeOnDemandVassalIni({idle: IDLE_SECONDS, protocol: 'http', extra: ['[emperor]', `socket = 127.0.0.1:${port}`]}));
	await emperor.waitForLog({event: 'vassal-on-demand', vassal: 'app.ini'}, 20_000);
	for (const round of [1, 2]) {
		const response = await httpGet({port}, `/tcp-${round}`, 30_000);
		assert.equal(response.status, 200, response.body);
		await waitUntilAsleep(emperor, latestMaster(emperor), [readWorkerPid(response.body) ?? -1]);
	}
	assert.equal(emperor.countLogs({event: 'vassal-wake'}), 2);
});

test('after an awake vassal is killed the socket stays bound, and the next request wakes a new one', {timeout: 60_000}, async () => {
	const {socket, nginx, emperor} = await startSleepingVassal('crash', 60, true);
	const inode = statSync(socket).ino;
	const first = await httpGet({port: nginx.port}, '/before', 30_000);
	assert.equal(first.status, 200);
	const master = latestMaster(emperor);

	const killedAt = performance.now();
	process.kill(master, 'SIGKILL');
	await emperor.waitForLog(line => line.event === 'vassal-exited' && line.pid === master);
	await waitForProcessesGone([master, readWorkerPid(first.body) ?? -1], 10_000);
	assert.equal(statSync(socket).ino, inode);
	// sent at once: it waits in the socket's backlog through the backoff, and the next wake serves it
	const after = await httpGet({port: nginx.port}, '/after', 30_000);
	printFigure('SIGKILL of an awake on-demand vassal → next request answered (backoff included)', performance.now() - killedAt);
	assert.equal(after.status, 200, after.body);
	assert.notEqual(latestMaster(emperor), master);
	assert.equal(isProcessAlive(latestMaster(emperor)), true);
	assert.equal(emperor.countLogs({event: 'vassal-wake'}), 2);
});

test('removing the file of a dormant vassal closes and removes its socket', {timeout: 60_000}, async () => {
	const {vassalsDir, socket, emperor} = await startSleepingVassal('remove', IDLE_SECONDS, false);
	assert.ok(existsSync(socket));
	await unlink(join(vassalsDir, 'app.ini'));
	await emperor.waitForLog({event: 'vassal-removed', vassal: 'app.ini'});
	assert.equal(existsSync(socket), false);
	assert.equal(emperor.countLogs({event: 'vassal-spawned'}), 0);
});
