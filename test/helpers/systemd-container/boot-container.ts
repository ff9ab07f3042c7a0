import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {mkdtempSync, openSync, closeSync, readFileSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {makeContainerCgroups, removeCgroup} from './cgroups.js';
import {HOST_UNITS_TO_MASK, LAUNCH_SCRIPT, makeNspawnArgs} from './launch-script.js';
import {runInside, type RunResult} from './run-inside.js';

export type Container = {
	name: string;
	/** the container's PID 1 (its systemd) as the host sees it */
	leader: number;
	/** the container's / as the host can reach it (/proc/LEADER/root) */
	root: string;
	bootMs: number;
	run: (command: string[], timeoutMs?: number) => Promise<RunResult>;
	/** powers the container off and removes everything it left on the host; safe to call twice */
	stop: () => Promise<void>;
};

export type BootOptions = {name: string; bindReadOnly?: string[]; timeoutMs?: number};

// why a real systemd cannot boot in a container here, or undefined when it can
export const findContainerObstacle = (): string | undefined => {
	if (process.getuid?.() !== 0) return 'booting a systemd-nspawn container needs root';
	if (spawnSync('systemd-nspawn', ['--version'], {stdio: 'ignore'}).status !== 0) return 'systemd-nspawn is not installed (Debian package systemd-container; scripts/setup.sh installs it)';
	if (spawnSync('unshare', ['--mount', '--propagation', 'private', 'true'], {stdio: 'ignore'}).status !== 0) return 'cannot make a private mount namespace (unshare --mount)';
	return undefined;
};

// the parent pid of a process, from /proc/PID/stat
const readParentPid = (pid: string): number | undefined => {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
	} catch {
		return undefined;
	}
};

// the child of nspawn that runs systemd in a pid namespace of its own: the container's PID 1
const findLeader = (nspawnPid: number): number | undefined => {
	const pid = readdirSync('/proc').filter(entry => /^\d+$/.test(entry))
		.filter(entry => readParentPid(entry) === nspawnPid)
		.find(entry => {
			try {
				return readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'systemd';
			} catch {
				return false;
			}
		});
	return pid === undefined ? undefined : Number(pid);
};

// waits for an event that has no notification of its own (a process appearing in /proc, a boot finishing)
const waitFor = async <T>(what: string, check: () => Promise<T | undefined> | T | undefined, deadline: number, gone: () => boolean): Promise<T> => {
	for (;;) {
		const value = await check();
		if (value !== undefined) return value;
		if (gone()) throw new Error(`systemd-nspawn exited while waiting for ${what}`);
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await delay(50);
	}
};

// boots a real systemd as PID 1 of a systemd-nspawn container on an overlay of the host's /, with only lo,
// and resolves once `systemctl is-system-running` says running (or degraded)
export const bootContainer = async ({name, bindReadOnly = [], timeoutMs = 60_000}: BootOptions): Promise<Container> => {
	const started = Date.now();
	const state = mkdtempSync(join(tmpdir(), `emperor-ct-${name}-`));
	const cgroups = makeContainerCgroups(name);
	const console = openSync(join(state, 'console.log'), 'w');
	const nspawn: ChildProcess = spawn('unshare', ['--mount', '--propagation', 'private', '/bin/sh', '-c', LAUNCH_SCRIPT, 'launch', ...makeNspawnArgs(name, bindReadOnly)], {
		detached: true,
		stdio: ['ignore', console, console],
		env: {...process.env, SYSTEMD_NSPAWN_UNIFIED_HIERARCHY: '1', CT_CGROUPS: cgroups.join(' '), CT_STATE: state, CT_NAME: name, CT_MASK: HOST_UNITS_TO_MASK.join(' ')},
	});
	closeSync(console);
	let exited = false;
	const exit = new Promise<void>(resolve => nspawn.once('exit', () => {
		exited = true;
		resolve();
	}));
	// a test that dies without its finally must not leave a booted machine behind: killing PID 1 ends it
	let leader: number | undefined;
	const killOnExit = () => leader !== undefined && !exited && process.kill(leader, 'SIGKILL');
	process.once('exit', killOnExit);
	let stopped = false;
	const stop = async (): Promise<void> => {
		if (stopped) return;
		stopped = true;
		if (!exited && leader !== undefined) await runInside(leader, ['systemctl', 'poweroff', '--no-block'], 10_000);
		if (!exited) await Promise.race([exit, delay(20_000, undefined, {ref: false})]);
		if (!exited) nspawn.kill('SIGTERM');
		if (!exited) await Promise.race([exit, delay(10_000, undefined, {ref: false})]);
		if (!exited && leader !== undefined) process.kill(leader, 'SIGKILL');
		if (!exited) nspawn.kill('SIGKILL');
		await exit;
		process.removeListener('exit', killOnExit);
		const busy = cgroups.flatMap(removeCgroup);
		rmSync(state, {recursive: true, force: true});
		if (busy.length > 0) throw new Error(`cgroups still busy after the container stopped: ${busy.join(', ')}`);
	};
	try {
		const deadline = started + timeoutMs;
		const nspawnPid = nspawn.pid!;
		leader = await waitFor('the container\'s systemd', () => findLeader(nspawnPid), deadline, () => exited);
		const booted = leader;
		await waitFor('the boot to finish', async () => {
			const {stdout} = await runInside(booted, ['systemctl', 'is-system-running', '--wait'], Math.max(1, deadline - Date.now()));
			return ['running', 'degraded'].includes(stdout.trim()) ? stdout.trim() : undefined;
		}, deadline, () => exited);
		return {name, leader, root: `/proc/${leader}/root`, bootMs: Date.now() - started, run: (command, ms) => runInside(booted, command, ms), stop};
	} catch (error) {
		const log = readFileSync(join(state, 'console.log'), 'utf8').split('\n').slice(-30).join('\n');
		await stop();
		throw new Error(`${(error as Error).message}\n--- console:\n${log}`);
	}
};
