// a vassal process's cgroup under the emperor's delegated one: <delegated>/vassal-<id>/<n>, made before the spawn
// (the shim joins it before its exec), killed whole (cgroup.kill) and removed once the main process has exited
import {mkdirSync, readFileSync, rmdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {vassalIdentifier} from '../sources/vassal-name.js';
import {vassalCgroupName} from './cgroup-facts.js';
import {currentDelegation, type Delegation} from './delegation.js';
import {parseCgroupProcs} from '../resources/proc-parse.js';
import {LIMIT_KEYS, type CgroupLimits, type LimitKey} from './cgroup-limits.js';

let runs = 0;
const limitsByName = new Map<string, CgroupLimits>();
const warned = new Set<string>();
let warn: (key: string, message: string) => void = () => {};

// where the one warning for each limit the emperor cannot enforce goes (the emperor's logger)
export const setLimitWarning = (sink: (key: string, message: string) => void): void => {
	warn = sink;
};

// the limits of a vassal's file, applied to its cgroup at its next spawn
export const setVassalLimits = (name: string, limits: CgroupLimits): void => {
	if (limits.memoryMax === undefined && limits.cpuMax === undefined) limitsByName.delete(name);
	else limitsByName.set(name, limits);
}

const VALUE_OF: Readonly<Record<LimitKey, keyof CgroupLimits>> = {'memory-max': 'memoryMax', 'cpu-max': 'cpuMax'};

// writes the vassal's limits to its cgroup; a limit whose controller is missing is warned about once, naming it
const applyLimits = (name: string, directory: string | undefined, delegation: Delegation | undefined): void => {
	const limits = limitsByName.get(name);
	if (limits === undefined) return;
	for (const [key, {file, controller}] of Object.entries(LIMIT_KEYS) as [LimitKey, (typeof LIMIT_KEYS)[LimitKey]][]) {
		const value = limits[VALUE_OF[key]];
		if (value === undefined) continue;
		const missing = delegation === undefined ? 'a delegated cgroup (systemd with Delegate=yes)' : delegation.controllers.includes(controller) ? undefined : `the ${controller} controller`;
		if (missing === undefined && directory !== undefined) {
			try {
				writeFileSync(join(directory, file), value);
				continue;
			} catch (error) {
				warnOnce(key, `[emperor] ${key} of ${name} could not be written to ${file}: ${(error as Error).message}`);
				continue;
			}
		}
		warnOnce(key, `[emperor] ${key} is not enforced: it needs ${missing}, which the emperor's cgroup does not offer`);
	}
};

const warnOnce = (key: string, message: string): void => {
	if (warned.has(key)) return;
	warned.add(key);
	warn(key, message);
};

// the cgroup of all of a vassal's processes (every generation), or undefined without delegation
export const findVassalCgroup = (name: string, delegation = currentDelegation()): string | undefined =>
	(delegation === undefined ? undefined : join(delegation.directory, vassalCgroupName(vassalIdentifier(name))));

// makes the leaf cgroup one process of the vassal will run in (a leaf per process, so an overlap's old generation
// is killed alone); undefined without delegation, or when it cannot be made (the vassal then runs unconfined)
export const prepareVassalLeaf = (name: string, delegation = currentDelegation()): string | undefined => {
	const vassal = findVassalCgroup(name, delegation);
	if (vassal === undefined) {
		applyLimits(name, undefined, delegation);
		return undefined;
	}
	runs += 1;
	const leaf = join(vassal, `run-${runs}`);
	try {
		mkdirSync(leaf, {recursive: true});
		applyLimits(name, vassal, delegation);
		return leaf;
	} catch {
		return undefined;
	}
};

// moves a process into the leaf (the emperor's own move, for a spawn without the shim or whose shim could not)
export const joinLeaf = (leaf: string, pid: number): void => {
	try {
		writeFileSync(join(leaf, 'cgroup.procs'), String(pid));
	} catch {
		// the process is gone already: its exit releases the leaf
	}
};

// SIGKILLs everything in the leaf: cgroup.kill where the kernel has it, else each member (a fork racing this
// is caught by the next round of release)
const killLeaf = (leaf: string, delegation: Delegation | undefined): void => {
	try {
		if (delegation?.canKill !== false) {
			writeFileSync(join(leaf, 'cgroup.kill'), '1');
			return;
		}
	} catch {
		// no cgroup.kill: fall through to the members
	}
	try {
		for (const pid of parseCgroupProcs(readFileSync(join(leaf, 'cgroup.procs'), 'utf8'))) process.kill(pid, 'SIGKILL');
	} catch {
		// the leaf or the process is gone
	}
};

const RETRY_MS = 20;
const ATTEMPTS = 250;

// kills what the vassal's process left in its leaf (a setsid grandchild included) and removes the leaf, then the
// vassal's cgroup once no other process of it is left; retried while the killed processes finish dying
export const releaseVassalLeaf = (leaf: string, delegation = currentDelegation(), attempt = 0): void => {
	killLeaf(leaf, delegation);
	try {
		rmdirSync(leaf);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EBUSY' && attempt < ATTEMPTS) setTimeout(() => releaseVassalLeaf(leaf, delegation, attempt + 1), RETRY_MS).unref();
		if (code !== 'ENOENT') return;
	}
	try {
		rmdirSync(join(leaf, '..'));
	} catch {
		// another generation runs in it, or a new one was just made: it stays
	}
};
