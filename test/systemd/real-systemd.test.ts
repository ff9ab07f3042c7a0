import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import {bootContainer, findContainerObstacle, type Container} from '../helpers/systemd-container/boot-container.js';
import {addDropIn, CHECKOUT, installEmperor, type InstalledVassal} from '../helpers/systemd-container/install-emperor.js';
import {startRequestLoopInside} from '../helpers/systemd-container/request-loop-inside.js';

// one container for the whole file: a real systemd 252 as PID 1, the shipped unit, real uWSGI vassals
const obstacle = findContainerObstacle();
const skip = obstacle === undefined ? false : `no real systemd here: ${obstacle}`;
let container: Container;
let vassals: InstalledVassal[];

before(async () => {
	if (skip) return;
	container = await bootContainer({name: 'emperor-unit', bindReadOnly: [CHECKOUT]});
	vassals = await installEmperor(container);
});
after(async () => container?.stop());

const UNIT = 'emperor.uwsgi.service';

// runs a command inside and fails the test with its output when it exits non-zero
const mustRun = async (command: string[], timeoutMs?: number): Promise<string> => {
	const result = await container.run(command, timeoutMs);
	assert.equal(result.exitCode, 0, `${command.join(' ')}: ${result.stdout}${result.stderr}`);
	return result.stdout;
};

// the unit's properties as systemctl show prints them
const showUnit = async (...properties: string[]): Promise<Record<string, string>> => Object.fromEntries(
	(await mustRun(['systemctl', 'show', UNIT, ...properties.map(name => `-p${name}`)])).split('\n').filter(Boolean)
		.map(line => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
);

// one GET inside the container (the private network has only lo), without a retry; resolves with the JSON body
const getOnce = async (url: string): Promise<{pid: number; ms: number}> => {
	const output = await mustRun(['curl', '-fsS', '--max-time', '20', '-w', '\n%{time_total}', url]);
	const [body, seconds] = output.split('\n');
	return {pid: (JSON.parse(body!) as {pid: number}).pid, ms: Math.round(Number(seconds) * 1000)};
};

test('systemctl start returns once the vassals answer', {skip}, async t => {
	const started = Date.now();
	await mustRun(['systemctl', 'start', UNIT], 120_000);
	const startMs = Date.now() - started;
	const answers = [];
	for (const vassal of vassals) answers.push(await getOnce(vassal.url));
	t.diagnostic(`systemctl start returned after ${startMs} ms (api + a 2 s-import app); first requests then took ${answers.map(answer => `${answer.ms} ms`).join(', ')}`);
	assert.equal((await showUnit('ActiveState')).ActiveState, 'active');
});

test('the journal has the emperor\'s lines', {skip}, async () => {
	await mustRun(['journalctl', '--sync']);
	const journal = await mustRun(['journalctl', '-u', UNIT, '-o', 'cat', '--no-pager']);
	assert.match(journal, /"event":"emperor-started"/);
	assert.match(journal, /starting emperor governing \/etc\/uwsgi\/vassals/);
	assert.match(journal, /"event":"emperor-ready"/);
});

test('emperor status with no flags finds the service\'s control socket in its RuntimeDirectory', {skip}, async () => {
	const status = await mustRun(['/usr/local/bin/emperor', 'status']);
	assert.match(status, /^emperor \d+ governing \/etc\/uwsgi\/vassals: /);
	for (const vassal of vassals) assert.match(status, new RegExp(`^${vassal.name}\\.ini +running `, 'm'));
});

test('systemctl reload under a request loop fails no request', {skip}, async t => {
	const urls = vassals.map(vassal => vassal.url);
	const loop = await startRequestLoopInside(container.leader, urls);
	const before = urls.map(url => loop.pids(url));
	const reloaded = Date.now();
	await mustRun(['systemctl', 'reload', UNIT]);
	const backMs = [];
	for (const [index, url] of urls.entries()) {
		await loop.waitForNewPid(url, before[index]!);
		backMs.push(Date.now() - reloaded);
	}
	const stats = await loop.finish();
	for (const [index, vassal] of vassals.entries()) {
		const figures = stats[vassal.url]!;
		t.diagnostic(`reload, ${vassal.name}: ${figures.requests} requests, ${figures.failures} failed, worst latency ${Math.round(figures.worstMs)} ms, new worker answered after ${backMs[index]} ms`);
	}
	assert.deepEqual(urls.map(url => ({url, failures: stats[url]!.failures, errors: stats[url]!.errors})), urls.map(url => ({url, failures: 0, errors: []})));
});

test('the watchdog restarts a stuck emperor, and the vassals answer again', {skip}, async t => {
	await addDropIn(container, 'watchdog', '[Service]\nWatchdogSec=2\n');
	await mustRun(['systemctl', 'restart', UNIT], 120_000);
	const stuck = (await showUnit('MainPID')).MainPID!;
	const stopped = Date.now();
	await mustRun(['kill', '-STOP', stuck]);
	// systemd's restart has no event the host can wait on: poll its state, bounded
	let state = await showUnit('MainPID', 'ActiveState', 'NRestarts');
	while (state.MainPID === stuck || state.MainPID === '0' || state.ActiveState !== 'active') {
		assert.ok(Date.now() - stopped < 60_000, `no restart 60 s after SIGSTOP: ${JSON.stringify(state)}`);
		await delay(100);
		state = await showUnit('MainPID', 'ActiveState', 'NRestarts');
	}
	t.diagnostic(`watchdog: emperor pid ${stuck} stopped; pid ${state.MainPID} active again after ${Date.now() - stopped} ms (NRestarts=${state.NRestarts})`);
	for (const vassal of vassals) await getOnce(vassal.url);
	await mustRun(['journalctl', '--sync']);
	assert.match(await mustRun(['journalctl', '-u', UNIT, '--no-pager']), /Watchdog timeout/);
});

test('systemctl stop leaves no process in the unit\'s cgroup within 2 s', {skip}, async t => {
	const {ControlGroup: group} = await showUnit('ControlGroup');
	assert.match(group!, /emperor\.uwsgi\.service$/);
	// every process of the unit: the emperor's leaf and each vassal's cgroup below the unit's (Delegate=yes)
	const listProcs = ['find', `/sys/fs/cgroup${group}`, '-name', 'cgroup.procs', '-exec', 'cat', '{}', '+'];
	assert.notEqual((await mustRun(listProcs)).trim(), '', 'the unit has processes before the stop');
	const stopping = Date.now();
	await mustRun(['systemctl', 'stop', UNIT], 60_000);
	const left = await container.run(listProcs);
	const stopMs = Date.now() - stopping;
	t.diagnostic(`systemctl stop emptied the cgroup in ${stopMs} ms`);
	assert.equal(left.exitCode === 0 ? left.stdout.trim() : '', '');
	assert.ok(stopMs < 2000, `stop took ${stopMs} ms`);
	assert.equal((await showUnit('ActiveState')).ActiveState, 'inactive');
});
