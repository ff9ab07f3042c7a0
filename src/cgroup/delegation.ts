// the cgroup systemd delegates to the emperor (Delegate=yes): the emperor moves into a leaf of its own, so that
// each vassal can have a cgroup beside it (cgroup2 allows processes only in leaves once controllers are enabled)
import {accessSync, constants, existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {CGROUP_ROOT, parseControllers, parseOwnCgroup, planSubtreeControl} from './cgroup-facts.js';
import {parseCgroupProcs} from '../resources/proc-parse.js';

export type Delegation = {
	/** the emperor's delegated cgroup (under /sys/fs/cgroup): vassals' cgroups are made in it */
	readonly directory: string;
	/** the controllers enabled for vassals (none in containers without resource controllers) */
	readonly controllers: readonly string[];
	/** the kernel has cgroup.kill (5.14 and later); else the emperor kills each member itself */
	readonly canKill: boolean;
};

export type DelegationResult = {readonly delegation?: Delegation; readonly reason: string};

/** the leaf the emperor's own process moves into */
export const EMPEROR_LEAF = 'emperor';

const isWritable = (path: string): boolean => {
	try {
		accessSync(path, constants.W_OK);
		return true;
	} catch {
		return false;
	}
};

// takes the cgroup systemd delegated, if any: under systemd (INVOCATION_ID), on cgroup2, a cgroup the emperor may
// write; moves every process of it (the emperor) into <cgroup>/emperor and enables the offered controllers
// for the vassals' cgroups. Never throws: without delegation the emperor kills by process group, as outside systemd
export const takeDelegation = (env: NodeJS.ProcessEnv, root = CGROUP_ROOT, self = '/proc/self/cgroup'): DelegationResult => {
	if (env.INVOCATION_ID === undefined) return {reason: 'not started by systemd'};
	let own: string | undefined;
	try {
		own = parseOwnCgroup(readFileSync(self, 'utf8'));
	} catch {
		own = undefined;
	}
	if (own === undefined || own === '/') return {reason: 'no cgroup2 cgroup of its own'};
	// already in its leaf: an emperor started again inside the same unit (its cgroup then is the parent)
	const base = own.endsWith(`/${EMPEROR_LEAF}`) ? own.slice(0, -EMPEROR_LEAF.length - 1) : own;
	const directory = join(root, base);
	if (!existsSync(join(directory, 'cgroup.controllers'))) return {reason: `${directory} is not a cgroup2 cgroup`};
	if (!isWritable(directory) || !isWritable(join(directory, 'cgroup.procs'))) return {reason: `${directory} is not writable (Delegate=yes is missing)`};
	try {
		const leaf = join(directory, EMPEROR_LEAF);
		mkdirSync(leaf, {recursive: true});
		for (const pid of parseCgroupProcs(readFileSync(join(directory, 'cgroup.procs'), 'utf8'))) writeFileSync(join(leaf, 'cgroup.procs'), String(pid));
		const plan = planSubtreeControl(parseControllers(readFileSync(join(directory, 'cgroup.controllers'), 'utf8')));
		if (plan !== '') writeFileSync(join(directory, 'cgroup.subtree_control'), plan);
		const controllers = parseControllers(readFileSync(join(directory, 'cgroup.subtree_control'), 'utf8'));
		return {delegation: {directory, controllers, canKill: existsSync(join(leaf, 'cgroup.kill'))}, reason: `delegated ${directory}`};
	} catch (error) {
		return {reason: `cannot arrange ${directory}: ${(error as Error).message}`};
	}
};

let current: Delegation | undefined;

// the delegation the emperor took at start-up (undefined outside systemd, or without Delegate=yes)
export const currentDelegation = (): Delegation | undefined => current;

// records the delegation for the vassals spawned from now on
export const setDelegation = (delegation: Delegation | undefined): void => {
	current = delegation;
};
