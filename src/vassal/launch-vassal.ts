import {closeSync, openSync} from 'node:fs';
import type {Duplex} from 'node:stream';
import {describeSpawnFailure, spawnVassalProcess, type SpawnSpec} from './spawn-vassal.js';
import {joinLeaf, prepareVassalLeaf, releaseVassalLeaf} from '../cgroup/vassal-cgroup.js';

export type LaunchHandlers = {
	/** the process exists; its channel is the emperor's end of the socketpair */
	readonly onSpawned: (pid: number, channel: Duplex, sendConfig?: (text?: string) => void) => void;
	/** no process could be started (binary missing, EMFILE, EAGAIN …) */
	readonly onFailed: (reason: string) => void;
	/** the process ended; whatever it left in its process group has been killed */
	readonly onExit: (code: number | null, signal: NodeJS.Signals | null) => void;
};

type Failure = {code?: string; message?: string};

// kills what a vassal left behind in its process group (a forked grandchild that outlived it);
// the group id stays reserved while any member lives, so it cannot name an unrelated process
export const killLeftovers = (pid: number): void => {
	try {
		process.kill(-pid, 'SIGKILL');
	} catch {
		// ESRCH: nothing was left behind
	}
};

// descriptors a spawn needs: the socketpair, Node's exec-error pipe, /dev/null for stdin, and a margin
const SPAWN_DESCRIPTORS = 8;

// true when the emperor can open a few more descriptors; a spawn is not even tried without them (Node can throw
// on EMFILE while making the socketpair, or fail in the child after the fork)
export const findDescriptorShortage = (count = SPAWN_DESCRIPTORS): string | undefined => {
	const opened: number[] = [];
	try {
		for (let index = 0; index < count; index++) opened.push(openSync('/dev/null', 'r'));
		return undefined;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code ?? 'EMFILE';
	} finally {
		for (const fd of opened) closeSync(fd);
	}
};

// starts a vassal process and reports its life through handlers; never throws, whatever the system is short of
export const launchVassal = (spec: SpawnSpec, handlers: LaunchHandlers): void => {
	const shortage = findDescriptorShortage();
	if (shortage !== undefined) {
		handlers.onFailed(`the emperor is out of file descriptors (${shortage}); raise LimitNOFILE= (systemd) or ulimit -n`);
		return;
	}
	// under systemd with Delegate=yes, a cgroup of its own the shim joins before the exec
	const leaf = prepareVassalLeaf(spec.name);
	const release = () => {
		if (leaf !== undefined) releaseVassalLeaf(leaf);
	};
	let spawned: ReturnType<typeof spawnVassalProcess>;
	try {
		// a tyrant vassal's shim runs as its owner, who may not write the cgroup: the emperor moves it just after
		spawned = spawnVassalProcess(leaf === undefined || spec.owner !== undefined ? spec : {...spec, cgroupProcs: `${leaf}/cgroup.procs`});
	} catch (error) {
		release();
		// out of descriptors, or a binary the shim could not execute: no child object exists
		handlers.onFailed(describeSpawnFailure(spec.binary, (error as Failure).code, (error as Error).message));
		return;
	}
	const {subprocess, channel, sendConfig, output} = spawned;
	const {pid} = subprocess;
	if (pid === undefined || channel === undefined) {
		// Node reports ENOENT, EACCES, EMFILE … as an 'error' event on the next tick, with no process
		channel?.destroy();
		(subprocess.stdio[4] as Duplex | null | undefined)?.destroy();
		release();
		subprocess.once('error', (error: Failure) => handlers.onFailed(describeSpawnFailure(spec.binary, error.code, error.message ?? 'unknown error')));
		return;
	}
	// a later 'error' (a signal that could not be sent) must not crash the emperor: it stops vassals through pids
	subprocess.on('error', () => {});
	if (leaf !== undefined) joinLeaf(leaf, pid);
	subprocess.once('exit', (code: number | null, signal: NodeJS.Signals | null) => {
		killLeftovers(pid);
		// everything left in its cgroup, a grandchild that left the process group by setsid included
		release();
		(subprocess.stdio[4] as Duplex | null | undefined)?.destroy();
		// the lines written just before the end are logged before the exit is
		output.whenDrained(() => handlers.onExit(code, signal));
	});
	handlers.onSpawned(pid, channel, sendConfig);
};
