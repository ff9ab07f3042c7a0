import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {after, before, test} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';
import {bootContainer, findContainerObstacle, type Container} from '../helpers/systemd-container/boot-container.js';
import {CHECKOUT, installEmperor, writeInside} from '../helpers/systemd-container/install-emperor.js';

// the shipped unit (Delegate=yes) under a real systemd 252: each vassal in a cgroup of its own, killed whole
const obstacle = findContainerObstacle();
const skip = obstacle === undefined ? false : `no real systemd here: ${obstacle}`;
let container: Container;

const UNIT = 'emperor.uwsgi.service';
const UNIT_CGROUP = `/sys/fs/cgroup/system.slice/${UNIT}`;
const HUNGRY_APP = readFileSync(fileURLToPath(new URL('../fixtures/apps/hungry_app.py', import.meta.url)), 'utf8');
const HUNGRY_INI = ['[uwsgi]', 'plugins = python3', 'chdir = %dhungry', 'module = hungry_app:application', 'master = true', 'processes = 1',
	'http-socket = 127.0.0.1:8003', '', '[emperor]', 'memory-max = 256M', 'cpu-max = 50%', ''].join('\n');

before(async () => {
	if (skip) return;
	container = await bootContainer({name: 'emperor-cgroups', bindReadOnly: [CHECKOUT]});
	await installEmperor(container);
	writeInside(container, '/etc/uwsgi/vassals/hungry/hungry_app.py', HUNGRY_APP);
	writeInside(container, '/etc/uwsgi/vassals/hungry.ini', HUNGRY_INI);
	// a program vassal (not uWSGI) gets a cgroup of its own the same way
	writeInside(container, '/etc/uwsgi/vassals/sleeper.ini', '[emperor]\ncommand = sleep 100000\n');
});
after(async () => container?.stop());

const mustRun = async (command: string[], timeoutMs?: number): Promise<string> => {
	const result = await container.run(command, timeoutMs);
	assert.equal(result.exitCode, 0, `${command.join(' ')}: ${result.stdout}${result.stderr}`);
	return result.stdout;
};

// the cgroup2 path of a process inside the container
const cgroupOf = async (pid: number): Promise<string> => /^0::(.*)$/m.exec(await mustRun(['cat', `/proc/${pid}/cgroup`]))?.[1] ?? '?';

// polls a condition inside the container until it holds (systemd and the kernel have no event to wait on here)
const waitUntil = async (what: string, condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> => {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
		await delay(100);
	}
};

type Status = {vassals: {id: string; pid: number; memory: number; cpu: number}[]};
const readStatus = async (): Promise<Status> => JSON.parse(await mustRun(['/usr/local/bin/emperor', 'status', '--json'])) as Status;

test('the emperor runs in a leaf of its delegated cgroup and each vassal in a cgroup of its own beside it', {skip, timeout: 180_000}, async () => {
	await mustRun(['systemctl', 'start', UNIT], 120_000);
	const mainPid = Number((await mustRun(['systemctl', 'show', UNIT, '-p', 'MainPID', '--value'])).trim());
	assert.equal(await cgroupOf(mainPid), `/system.slice/${UNIT}/emperor`);
	assert.equal((await mustRun(['cat', `${UNIT_CGROUP}/cgroup.procs`])).trim(), '', 'no process is left in the unit\'s own cgroup');
	const children = (await mustRun(['find', UNIT_CGROUP, '-mindepth', '1', '-maxdepth', '1', '-type', 'd', '-printf', '%f\n'])).split('\n').filter(Boolean).sort();
	assert.deepEqual(children, ['emperor', 'vassal-api.ini', 'vassal-hungry.ini', 'vassal-sleeper.ini', 'vassal-slow.ini']);
	const status = await readStatus();
	for (const vassal of status.vassals) {
		assert.match(await cgroupOf(vassal.pid), new RegExp(`^/system\\.slice/${UNIT.replace('.', '\\.')}/vassal-${vassal.id.replace('.', '\\.')}/run-\\d+$`));
		assert.ok(vassal.memory > 100 * 1024, `${vassal.id}: memory ${vassal.memory}`);
	}
	await mustRun(['journalctl', '--sync']);
	const journal = await mustRun(['journalctl', '-u', UNIT, '-o', 'cat', '--no-pager']);
	assert.match(journal, /"event":"emperor-cgroups"/);
	// this container has no resource controllers: each limit is said once to be unenforced, naming the controller
	assert.match(journal, /\[emperor\] memory-max is not enforced: it needs the memory controller/);
	assert.match(journal, /\[emperor\] cpu-max is not enforced: it needs the cpu controller/);
});

test('CPU comes from the vassal\'s cgroup and moves when its worker computes', {skip, timeout: 60_000}, async () => {
	const before = (await readStatus()).vassals.find(vassal => vassal.id === 'hungry.ini')!;
	await mustRun(['curl', '-fsS', '--max-time', '20', 'http://127.0.0.1:8003/burn?ms=1000']);
	const after = (await readStatus()).vassals.find(vassal => vassal.id === 'hungry.ini')!;
	const usage = Number(/^usage_usec (\d+)$/m.exec(await mustRun(['cat', `${UNIT_CGROUP}/vassal-hungry.ini/cpu.stat`]))![1]) / 1e6;
	assert.ok(after.cpu - before.cpu >= 0.9, `cpu ${before.cpu} → ${after.cpu}`);
	assert.ok(Math.abs(usage - after.cpu) < 0.5, `the cgroup's cpu.stat says ${usage} s, status ${after.cpu} s`);
});

test('a setsid grandchild is killed with its vassal once the vassal\'s file is removed, and the vassal\'s cgroup goes', {skip, timeout: 60_000}, async () => {
	const answer = JSON.parse(await mustRun(['curl', '-fsS', '--max-time', '20', 'http://127.0.0.1:8003/spawn'])) as {pid: number; grandchild: number};
	const grandchild = answer.grandchild;
	assert.match(await cgroupOf(grandchild), /\/vassal-hungry\.ini\/run-\d+$/, 'the grandchild is in the vassal\'s cgroup');
	const session = (await mustRun(['ps', '-o', 'sid=', '-p', String(grandchild)])).trim();
	assert.equal(session, String(grandchild), 'the grandchild left the vassal\'s session: a process-group kill would miss it');
	await mustRun(['rm', '/etc/uwsgi/vassals/hungry.ini']);
	await waitUntil('the grandchild is gone', async () => (await container.run(['kill', '-0', String(grandchild)])).exitCode !== 0);
	await waitUntil('the vassal\'s cgroup is removed', async () => (await container.run(['test', '-e', `${UNIT_CGROUP}/vassal-hungry.ini`])).exitCode !== 0);
	assert.deepEqual((await readStatus()).vassals.map(vassal => vassal.id).sort(), ['api.ini', 'sleeper.ini', 'slow.ini']);
});

test('systemctl stop leaves no process and no vassal cgroup behind', {skip, timeout: 90_000}, async () => {
	await mustRun(['systemctl', 'stop', UNIT], 60_000);
	assert.equal((await mustRun(['systemctl', 'show', UNIT, '-p', 'Result', '--value'])).trim(), 'success');
	assert.notEqual((await container.run(['test', '-e', UNIT_CGROUP])).exitCode, 0, 'systemd removed the unit\'s cgroup, every sub-cgroup included');
});
