// reads the process table and a process's memory from /proc, on demand (when stats, status or metrics are asked)
import {readdirSync, readFileSync} from 'node:fs';
import {parseProcStat, parsePss, parseRss, type ProcStat} from './proc-parse.js';

const readText = (path: string): string | undefined => {
	try {
		return readFileSync(path, 'latin1');
	} catch {
		// the process is gone, or the file is not readable by the emperor
		return undefined;
	}
};

// every process's ids and CPU ticks, from /proc/*/stat (one small read each)
export const readProcessTable = (proc = '/proc'): ProcStat[] => {
	let entries: string[];
	try {
		entries = readdirSync(proc);
	} catch {
		return [];
	}
	const table: ProcStat[] = [];
	for (const entry of entries) {
		if (entry.charCodeAt(0) < 48 || entry.charCodeAt(0) > 57) continue;
		const text = readText(`${proc}/${entry}/stat`);
		const parsed = text === undefined ? undefined : parseProcStat(text);
		if (parsed !== undefined) table.push(parsed);
	}
	return table;
};

// a process's memory: its PSS where smaps_rollup is readable (the emperor's own user, or root), else its RSS
export const readProcessMemory = (pid: number, proc = '/proc'): number | undefined => {
	const rollup = readText(`${proc}/${pid}/smaps_rollup`);
	const pss = rollup === undefined ? undefined : parsePss(rollup);
	if (pss !== undefined) return pss;
	const status = readText(`${proc}/${pid}/status`);
	return status === undefined ? undefined : parseRss(status);
};

// the ids and CPU ticks of some processes (the members of a cgroup)
export const readProcesses = (pids: readonly number[], proc = '/proc'): ProcStat[] =>
	pids.flatMap(pid => {
		const text = readText(`${proc}/${pid}/stat`);
		const parsed = text === undefined ? undefined : parseProcStat(text);
		return parsed === undefined ? [] : [parsed];
	});
