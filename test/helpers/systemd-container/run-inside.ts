import {spawn, type ChildProcess} from 'node:child_process';
import {execa} from 'execa';

export type RunResult = {exitCode: number; stdout: string; stderr: string};

const INSIDE_ENV = ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HOME=/root', 'LANG=C.UTF-8'];

// the nsenter command line that runs COMMAND in every namespace of the container whose PID 1 is LEADER;
// --root/--wd without a value take PID 1's (a path given to --wd would be opened on the host's side)
export const makeInsideCommand = (leader: number, command: string[], directory = '/'): string[] => [
	'nsenter', '-t', String(leader), '-a', '--root', '--wd', '--', '/usr/bin/env', '-i', '-C', directory, ...INSIDE_ENV, ...command,
];

// runs a command inside the container and resolves with its exit code and output (never rejects on a failure)
export const runInside = async (leader: number, command: string[], timeoutMs = 60_000): Promise<RunResult> => {
	const [file, ...args] = makeInsideCommand(leader, command);
	const result = await execa(file!, args, {reject: false, timeout: timeoutMs, stdin: 'ignore'});
	return {exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr)};
};

// starts a long-running command inside the container with piped stdio (it dies with the container's PID 1)
export const spawnInside = (leader: number, command: string[]): ChildProcess => {
	const [file, ...args] = makeInsideCommand(leader, command);
	return spawn(file!, args, {stdio: ['pipe', 'pipe', 'pipe']});
};
