// what /proc says about a supervisor and its vassals: CPU time, resident memory, vassal masters by name
import {readdirSync, readFileSync} from 'node:fs';
import {listChildPids} from '../../test/helpers/processes.js';

export {readCpuMs, readRssBytes} from '../../test/helpers/proc-usage.js';

// a process's argv, or [] when it is gone
export const readArgv = (pid: number): string[] => {
	try {
		return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
	} catch {
		return [];
	}
};

// the vassal name of a process run as `BINARY … --ini NAME`, if it is one
export const vassalNameOf = (pid: number): string | undefined => {
	const argv = readArgv(pid);
	const index = argv.lastIndexOf('--ini');
	return index === -1 ? undefined : argv[index + 1];
};

// the direct children of a supervisor that run a vassal, by vassal name (both emperors run `… --ini NAME`)
export const listVassalMasters = (supervisorPid: number): Map<string, number> => {
	const masters = new Map<string, number>();
	for (const pid of listChildPids(supervisorPid)) {
		const name = vassalNameOf(pid);
		if (name !== undefined) masters.set(name, pid);
	}
	return masters;
};

// voluntary + involuntary context switches of every thread of a process: each is the thread waking up or being preempted
export const readContextSwitches = (pid: number): number => readdirSync(`/proc/${pid}/task`).reduce((sum, task) => {
	try {
		const status = readFileSync(`/proc/${pid}/task/${task}/status`, 'utf8');
		return sum + [...status.matchAll(/^(?:non)?voluntary_ctxt_switches:\s+(\d+)$/gm)].reduce((total, match) => total + Number(match[1]), 0);
	} catch {
		return sum;
	}
}, 0);

// CPU time of every thread of a process in ms, to the nanosecond (/proc/PID/task/*/schedstat: time on a CPU);
// /proc/PID/stat counts in 10 ms ticks, too coarse for a supervisor at rest
export const readThreadsCpuMs = (pid: number): number => readdirSync(`/proc/${pid}/task`).reduce((sum, task) => {
	try {
		return sum + Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
	} catch {
		return sum;
	}
}, 0);
