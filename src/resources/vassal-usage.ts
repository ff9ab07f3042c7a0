// the memory and CPU of each vassal's whole process tree, read when stats, status or metrics ask (never on a timer):
// from the vassal's cgroup where the emperor has one for it (memory.current where the memory controller is on,
// cpu.stat), else from /proc (the processes of each of its sessions: PSS where readable, else RSS; utime + stime)
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {findVassalCgroup} from '../cgroup/vassal-cgroup.js';
import {parseCgroupProcs, parseCpuStat, parseMemoryCurrent} from './proc-parse.js';
import {readProcesses, readProcessMemory, readProcessTable} from './read-proc.js';
import {addUsage, groupBySession, sumTree, type Usage} from './tree-usage.js';

export type {Usage} from './tree-usage.js';

/** a vassal as far as its usage goes: its name and the pid of each of its processes (one a generation) */
export type UsageQuery = {readonly name: string; readonly pids: readonly number[]};

const readOptional = (path: string): string | undefined => {
	try {
		return readFileSync(path, 'utf8');
	} catch {
		return undefined;
	}
};

// every pid in a cgroup and the cgroups below it
const listCgroupMembers = (directory: string): number[] => {
	const own = parseCgroupProcs(readOptional(join(directory, 'cgroup.procs')) ?? '');
	let children: string[] = [];
	try {
		children = readdirSync(directory, {withFileTypes: true}).filter(entry => entry.isDirectory()).map(entry => entry.name);
	} catch {
		children = [];
	}
	return [...own, ...children.flatMap(child => listCgroupMembers(join(directory, child)))];
};

// a vassal's usage from its cgroup, or undefined when it has none
const readCgroupUsage = (directory: string): Usage | undefined => {
	if (!existsSync(directory)) return undefined;
	const members = listCgroupMembers(directory);
	const current = readOptional(join(directory, 'memory.current'));
	const fromController = current === undefined ? undefined : parseMemoryCurrent(current);
	const memory = fromController ?? sumTree(readProcesses(members), pid => readProcessMemory(pid)).memory;
	const cpuStat = readOptional(join(directory, 'cpu.stat'));
	const cpu = (cpuStat === undefined ? undefined : parseCpuStat(cpuStat)) ?? sumTree(readProcesses(members), () => 0).cpu;
	return {memory, cpu};
};

// the usage of every vassal asked about, by name; /proc is scanned once for all the vassals without a cgroup
export const readVassalUsage = (vassals: readonly UsageQuery[]): Map<string, Usage> => {
	const usage = new Map<string, Usage>();
	const viaProc: UsageQuery[] = [];
	for (const vassal of vassals) {
		const directory = findVassalCgroup(vassal.name);
		const fromCgroup = directory === undefined ? undefined : readCgroupUsage(directory);
		if (fromCgroup !== undefined) usage.set(vassal.name, fromCgroup);
		else if (vassal.pids.length === 0) usage.set(vassal.name, {memory: 0, cpu: 0});
		else viaProc.push(vassal);
	}
	if (viaProc.length === 0) return usage;
	const trees = groupBySession(readProcessTable(), viaProc.flatMap(vassal => vassal.pids));
	for (const vassal of viaProc) {
		usage.set(vassal.name, vassal.pids.reduce((total, pid) => addUsage(total, sumTree(trees.get(pid) ?? [], member => readProcessMemory(member))), {memory: 0, cpu: 0}));
	}
	return usage;
};
