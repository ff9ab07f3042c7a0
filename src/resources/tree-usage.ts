// the memory and CPU of each vassal's process tree, from the process table: pure
import {CLOCK_TICKS, type ProcStat} from './proc-parse.js';

/** a vassal's usage: bytes of memory (PSS where readable, else RSS) and CPU seconds of its whole tree */
export type Usage = {readonly memory: number; readonly cpu: number};

// the processes of each tree: every process whose session (or process group) a vassal's process leads, since each
// vassal process starts a session of its own and its workers and their children stay in it
export const groupBySession = (table: readonly ProcStat[], leaders: readonly number[]): Map<number, ProcStat[]> => {
	const wanted = new Set(leaders);
	const trees = new Map<number, ProcStat[]>(leaders.map(leader => [leader, []]));
	for (const entry of table) {
		const leader = wanted.has(entry.session) ? entry.session : wanted.has(entry.pgrp) ? entry.pgrp : wanted.has(entry.pid) ? entry.pid : undefined;
		if (leader !== undefined) trees.get(leader)!.push(entry);
	}
	return trees;
};

// adds up a tree: the memory of each process (memoryOf gives undefined for one that is gone) and its CPU ticks
export const sumTree = (processes: readonly ProcStat[], memoryOf: (pid: number) => number | undefined): Usage => {
	let memory = 0;
	let ticks = 0;
	for (const entry of processes) {
		memory += memoryOf(entry.pid) ?? 0;
		ticks += entry.cpuTicks;
	}
	return {memory, cpu: ticks / CLOCK_TICKS};
};

// two usages as one (a vassal's generations during an overlap)
export const addUsage = (left: Usage, right: Usage): Usage => ({memory: left.memory + right.memory, cpu: left.cpu + right.cpu});
