import {readFileSync, readdirSync, readlinkSync} from 'node:fs';
import {setTimeout as delay} from 'node:timers/promises';

// reads /proc/PID/stat's state letter, or undefined when the process does not exist
const readState = (pid: number): string | undefined => {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// the command name in parentheses may contain spaces: the state follows the last ')'
		return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
	} catch {
		return undefined;
	}
};

// tells whether a process exists and is not a zombie
export const isProcessAlive = (pid: number): boolean => {
	const state = readState(pid);
	return state !== undefined && state !== 'Z' && state !== 'X';
};

// lists the direct children of a process (all its threads' children) from /proc
export const listChildPids = (pid: number): number[] => {
	try {
		return readdirSync(`/proc/${pid}/task`).flatMap(task => {
			try {
				return readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
			} catch {
				return [];
			}
		});
	} catch {
		return [];
	}
};

// lists live processes whose working directory is inside a directory (a test's vassals dir)
export const findProcessesUnder = (directory: string): number[] =>
	readdirSync('/proc').filter(name => /^\d+$/.test(name)).map(Number).filter(pid => {
		try {
			// a removed directory reads as 'PATH (deleted)'
			const cwd = readlinkSync(`/proc/${pid}/cwd`).replace(/ \(deleted\)$/, '');
			return (cwd === directory || cwd.startsWith(`${directory}/`)) && isProcessAlive(pid);
		} catch {
			return false;
		}
	});

// polls /proc until none of the pids is alive, or throws with the survivors after the deadline
export const waitForProcessesGone = async (pids: number[], timeoutMs = 10_000): Promise<void> => {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const alive = pids.filter(isProcessAlive);
		if (alive.length === 0) return;
		if (Date.now() >= deadline) throw new Error(`processes still alive after ${timeoutMs} ms: ${alive.join(' ')}`);
		await delay(20);
	}
};

// polls until a process has a given number of children (a uWSGI master and its workers), returns them
export const waitForChildren = async (pid: number, count: number, timeoutMs = 10_000): Promise<number[]> => {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const children = listChildPids(pid);
		if (children.length >= count) return children;
		if (Date.now() >= deadline) throw new Error(`pid ${pid} has ${children.length} children after ${timeoutMs} ms, expected ${count}`);
		await delay(20);
	}
};

// polls /proc until every pid is stopped (state T: a SIGSTOP took effect), or throws after the deadline
export const waitForStopped = async (pids: number[], timeoutMs = 10_000): Promise<void> => {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const running = pids.filter(pid => readState(pid) !== 'T');
		if (running.length === 0) return;
		if (Date.now() >= deadline) throw new Error(`processes not stopped after ${timeoutMs} ms: ${running.join(' ')}`);
		await delay(5);
	}
};
