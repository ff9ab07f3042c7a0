import {readFileSync} from 'node:fs';

// clock ticks per second of /proc/PID/stat (getconf CLK_TCK is 100 on Linux x86_64 and arm64)
const CLOCK_TICKS_PER_SECOND = 100;

// the CPU time (user + system, children excluded) a process used so far, in ms
export const readCpuMs = (pid: number): number => {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	// after the command name in parentheses, index 0 is field 3 (state): utime is field 14, stime field 15
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
};

// the resident set size of a process, in bytes (VmRSS of /proc/PID/status)
export const readRssBytes = (pid: number): number => {
	const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	return match === null ? Number.NaN : Number(match[1]) * 1024;
};
