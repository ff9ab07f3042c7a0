import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';
import {describePidOne} from '../../src/system/pid-one.js';
import {findVassalExec, VASSAL_EXEC_PATH} from '../../src/vassal/vassal-exec.js';
import {makeVassalsDir, startE2eEmperor} from '../helpers/e2e-emperor.js';
import {httpGet, waitForHttp} from '../helpers/http.js';
import {getFreePort} from '../helpers/ports.js';
import {makeTempDir} from '../helpers/temp-dir.js';
import {dropVassalFile} from '../helpers/uwsgi-vassal.js';

const HUNGRY_APP = fileURLToPath(new URL('../fixtures/apps/hungry_app.py', import.meta.url));
const root = makeTempDir('emperor-pid-one-');
const UNSHARE = ['unshare', '--pid', '--fork', '--mount-proc'];
const obstacle = process.getuid?.() !== 0 ? 'a new PID namespace needs root'
	: spawnSync(UNSHARE[0]!, [...UNSHARE.slice(1), 'true']).status !== 0 ? 'unshare --pid --fork --mount-proc fails here'
		: findVassalExec() === undefined ? 'native/vassal-exec was not built' : undefined;
const skip = obstacle ?? false;

type Entry = {pid: number; ppid: number; state: string; comm: string};

// the host's view of every process: pid, parent, state (Z: a zombie) and command
const readProcesses = (): Entry[] => readdirSync('/proc').filter(name => /^\d+$/.test(name)).flatMap(name => {
	try {
		const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return [{pid: Number(name), ppid: Number(fields[1]), state: fields[0]!, comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))}];
	} catch {
		return [];
	}
});

// the namespace's PID 1 as the host sees it: the child unshare forked
const findNamespaceInit = async (unshare: number): Promise<number> => {
	for (let attempt = 0; attempt < 100; attempt++) {
		const init = readProcesses().find(entry => entry.ppid === unshare);
		if (init !== undefined) return init.pid;
		await delay(20);
	}
	throw new Error(`unshare ${unshare} forked no PID 1`);
};

const orphanSleeps = (init: number) => readProcesses().filter(entry => entry.ppid === init && entry.comm === 'sleep');

// a real uWSGI vassal that leaves orphans on request, and a program vassal that ignores every stop signal
const prepareVassals = async (name: string) => {
	const vassalsDir = makeVassalsDir(root, name);
	mkdirSync(join(vassalsDir, 'hungry'));
	copyFileSync(HUNGRY_APP, join(vassalsDir, 'hungry', 'hungry_app.py'));
	writeFileSync(join(vassalsDir, 'stubborn.sh'), 'trap "" TERM INT HUP QUIT\nwhile :; do sleep 1; done\n');
	const port = await getFreePort();
	return {vassalsDir, port};
};

const dropVassals = (vassalsDir: string, port: number) => {
	dropVassalFile(vassalsDir, 'hungry.ini', ['[uwsgi]', 'plugins = python3', 'chdir = %dhungry', 'module = hungry_app:application',
		'master = true', 'processes = 1', `http-socket = 127.0.0.1:${port}`, ''].join('\n'));
	dropVassalFile(vassalsDir, 'stubborn.ini', ['[emperor]', `command = sh ${join(vassalsDir, 'stubborn.sh')}`, ''].join('\n'));
};

test('the emperor says so when it is PID 1 with no init in front', () => {
	assert.match(describePidOne(1)!, /orphans of its vassals are never reaped.*--init/);
	assert.equal(describePidOne(4242), undefined);
});

test('as PID 1 under its init the emperor\'s tree has its orphans reaped, and SIGTERM stops every vassal within docker\'s 10 s, exit 0', {skip, timeout: 90_000}, async t => {
	const {vassalsDir, port} = await prepareVassals('init');
	// as the shipped Dockerfile runs it: the init, then the emperor with the Dockerfile's --reload-mercy
	const emperor = await startE2eEmperor(vassalsDir, ['--reload-mercy', '7'], {launcher: [...UNSHARE, VASSAL_EXEC_PATH, '--init', '--']});
	const init = await findNamespaceInit(emperor.child.pid!);
	assert.equal(readFileSync(`/proc/${init}/status`, 'utf8').match(/^NSpid:\s+\d+\s+(\d+)$/m)?.[1], '1', 'the init is PID 1 of the new namespace');
	t.diagnostic(`the init's resident memory: ${/^VmRSS:\s+(\d+ kB)/m.exec(readFileSync(`/proc/${init}/status`, 'utf8'))![1]}`);
	dropVassals(vassalsDir, port);
	await waitForHttp({port}, {timeoutMs: 30_000});
	await emperor.waitForLog({event: 'vassal-spawned', vassal: 'stubborn.ini'});
	assert.equal(emperor.countLogs({event: 'emperor-pid-one'}), 0, 'the emperor is not PID 1: its init is');

	assert.equal((await httpGet({port}, '/orphans?count=5', 20_000)).status, 200);
	// each orphan is re-parented to the init, and reaped by it once it exits
	for (let waited = 0; orphanSleeps(init).length > 0; waited += 50) {
		assert.ok(waited < 10_000, `orphans left: ${JSON.stringify(orphanSleeps(init))}`);
		await delay(50);
	}
	assert.deepEqual(readProcesses().filter(entry => entry.ppid === init && entry.state === 'Z'), [], 'no zombie under the init');

	const stopping = Date.now();
	process.kill(init, 'SIGTERM');
	const exit = await emperor.exited;
	const stopMs = Date.now() - stopping;
	t.diagnostic(`docker stop's SIGTERM to PID 1 → every vassal stopped and the emperor exited: ${stopMs} ms (one vassal ignores every stop; --reload-mercy 7)`);
	assert.deepEqual(exit, {code: 0, signal: null}, 'unshare exits with the init\'s status, the emperor\'s');
	assert.ok(stopMs < 10_000, `stopped in ${stopMs} ms: docker would have SIGKILLed it`);
	assert.ok(emperor.logs.some(line => line.event === 'emperor-no-mercy' && line.vassal === 'stubborn.ini'), 'the stubborn vassal was SIGKILLed at the end of the mercy');
	assert.ok(emperor.logs.some(line => line.event === 'emperor-buried'));
});

test('as PID 1 itself, with no init, the emperor warns, and its vassals\' orphans stay zombies (why the image has an init)', {skip, timeout: 90_000}, async t => {
	const {vassalsDir, port} = await prepareVassals('bare');
	const emperor = await startE2eEmperor(vassalsDir, ['--reload-mercy', '7'], {launcher: UNSHARE});
	const init = await findNamespaceInit(emperor.child.pid!);
	await emperor.waitForLog({event: 'emperor-pid-one'});
	dropVassals(vassalsDir, port);
	await waitForHttp({port}, {timeoutMs: 30_000});
	assert.equal((await httpGet({port}, '/orphans?count=5', 20_000)).status, 200);
	for (let waited = 0; orphanSleeps(init).filter(entry => entry.state === 'Z').length < 5; waited += 50) {
		assert.ok(waited < 10_000, `expected 5 zombie orphans under the emperor: ${JSON.stringify(orphanSleeps(init))}`);
		await delay(50);
	}
	t.diagnostic(`zombies under an emperor that is PID 1 itself once 5 orphans exited: ${orphanSleeps(init).filter(entry => entry.state === 'Z').length}`);
	process.kill(init, 'SIGTERM');
	assert.deepEqual(await emperor.exited, {code: 0, signal: null});
});
