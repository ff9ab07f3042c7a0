import {execFileSync} from 'node:child_process';
import {readdirSync, readFileSync} from 'node:fs';

// the lowest file descriptor number a process does not use: with its soft RLIMIT_NOFILE set there, the next
// open, pipe or socket of that process fails with EMFILE
export const lowestFreeFd = (pid: number): number => {
	const used = new Set(readdirSync(`/proc/${pid}/fd`).map(Number));
	let fd = 0;
	while (used.has(fd)) fd++;
	return fd;
};

// the soft and hard limits on open files of a process, from /proc/PID/limits
export const readOpenFileLimit = (pid: number): {soft: number; hard: number} => {
	const match = /^Max open files\s+(\d+)\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'));
	if (match === null) throw new Error(`no open file limit in /proc/${pid}/limits`);
	return {soft: Number(match[1]), hard: Number(match[2])};
};

// sets the soft limit on open files of a running process with prlimit(1), keeping its hard limit
export const setOpenFileLimit = (pid: number, soft: number): void => {
	const {hard} = readOpenFileLimit(pid);
	execFileSync('prlimit', ['--pid', String(pid), `--nofile=${soft}:${hard}`]);
};
