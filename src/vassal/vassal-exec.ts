// the exec shim that gives a vassal its death signal (native/vassal-exec), and the checks a spawn through it needs
import {accessSync, constants, existsSync, statSync} from 'node:fs';
import {delimiter, dirname, isAbsolute, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

// the same path from src/ (tests) and from dist/ (the installed package)
export const VASSAL_EXEC_PATH = fileURLToPath(new URL('../../native/vassal-exec/build/vassal-exec', import.meta.url));

let found: string | undefined | null = null;

// the shim's path once it was built (npm install, npm run build:native), else undefined; looked up once
export const findVassalExec = (): string | undefined => {
	if (found === null) found = existsSync(VASSAL_EXEC_PATH) ? VASSAL_EXEC_PATH : undefined;
	return found;
};

let everyone: boolean | undefined;

// true when any user can execute the shim (it and every folder above it have o+x): a tyrant vassal executes it
// after the uid change, as its owner; where the owner could not, the vassal is spawned without it
export const canEveryoneExecuteShim = (): boolean => {
	if (everyone !== undefined) return everyone;
	const shim = findVassalExec();
	everyone = false;
	if (shim === undefined) return everyone;
	try {
		for (let path = shim; ; path = dirname(path)) {
			if ((statSync(path).mode & 0o001) === 0) return everyone;
			if (dirname(path) === path) break;
		}
		everyone = true;
	} catch {
		// a folder that cannot be read: as not executable
	}
	return everyone;
};

// the argv for the shim: the cgroup.procs to join before the exec (a vassal's own cgroup under systemd), the
// emperor's pid (to notice it died before the death signal was set), then the command
export const buildShimArgs = (emperorPid: number, file: string, args: readonly string[], cgroupProcs?: string): string[] =>
	[...(cgroupProcs === undefined ? [] : ['--cgroup', cgroupProcs]), String(emperorPid), file, ...args];

const isExecutable = (path: string): boolean => {
	try {
		accessSync(path, constants.X_OK);
		return true;
	} catch {
		return false;
	}
};

// why execvp(file) would fail, as libuv would report it (ENOENT, EACCES), or undefined when it can run;
// through the shim the real exec happens in the child, so the emperor asks first to keep a clear spawn failure
export const findExecProblem = (file: string, cwd: string, path: string | undefined): 'ENOENT' | 'EACCES' | undefined => {
	const candidates = file.includes('/')
		? [isAbsolute(file) ? file : resolve(cwd, file)]
		: (path ?? '/usr/local/bin:/usr/bin:/bin').split(delimiter).map(directory => join(directory === '' ? '.' : resolve(cwd, directory), file));
	let problem: 'ENOENT' | 'EACCES' = 'ENOENT';
	for (const candidate of candidates) {
		if (isExecutable(candidate)) return undefined;
		if (existsSync(candidate)) problem = 'EACCES';
	}
	return problem;
};
