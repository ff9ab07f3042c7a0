// pure readers of the /proc files a process tree's usage comes from: stat (ids and CPU ticks), smaps_rollup (PSS),
// status (RSS), and the cgroup files memory.current and cpu.stat

/** kernel clock ticks per second of utime/stime in /proc/PID/stat: USER_HZ, 100 on every Linux the emperor runs on */
export const CLOCK_TICKS = 100;

export type ProcStat = {
	readonly pid: number;
	readonly ppid: number;
	readonly pgrp: number;
	readonly session: number;
	/** utime + stime of the process and of the children it reaped (cutime + cstime), in ticks */
	readonly cpuTicks: number;
};

// /proc/PID/stat: the command is between the first ( and the last ), and may hold spaces and parentheses
export const parseProcStat = (text: string): ProcStat | undefined => {
	const open = text.indexOf('(');
	const close = text.lastIndexOf(')');
	if (open < 0 || close < open) return undefined;
	const pid = Number(text.slice(0, open).trim());
	// after the command: state(3) ppid(4) pgrp(5) session(6) … utime(14) stime(15) cutime(16) cstime(17)
	const fields = text.slice(close + 2).split(' ');
	const at = (field: number) => Number(fields[field - 3]);
	const values = [pid, at(4), at(5), at(6), at(14), at(15), at(16), at(17)];
	if (values.some(value => !Number.isFinite(value))) return undefined;
	return {pid, ppid: at(4), pgrp: at(5), session: at(6), cpuTicks: at(14) + at(15) + at(16) + at(17)};
};

// the value in bytes of a `Key:   1234 kB` line of smaps_rollup or status, or undefined without it
export const parseKilobytesField = (text: string, key: string): number | undefined => {
	const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
	return match === null ? undefined : Number(match[1]) * 1024;
};

// the proportional set size of /proc/PID/smaps_rollup: shared pages counted once across the processes sharing them
export const parsePss = (text: string): number | undefined => parseKilobytesField(text, 'Pss');

// the resident set size of /proc/PID/status (world-readable, where smaps_rollup is not)
export const parseRss = (text: string): number | undefined => parseKilobytesField(text, 'VmRSS');

// the CPU seconds of a cgroup's cpu.stat (usage_usec: every process it ever held, descendants included)
export const parseCpuStat = (text: string): number | undefined => {
	const match = /^usage_usec (\d+)$/m.exec(text);
	return match === null ? undefined : Number(match[1]) / 1e6;
};

// memory.current: bytes as a decimal number
export const parseMemoryCurrent = (text: string): number | undefined => {
	const value = Number(text.trim());
	return text.trim() === '' || !Number.isFinite(value) ? undefined : value;
};

// the pids of a cgroup.procs file, one a line
export const parseCgroupProcs = (text: string): number[] =>
	text.split('\n').filter(line => line !== '').map(Number).filter(pid => Number.isInteger(pid) && pid > 0);
