import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {CLI_PATH} from './emperor-process.js';

export type CliResult = {code: number | null; stdout: string; stderr: string};

// runs `emperor ARGS` to completion (optionally as another uid, with more environment) and collects its output
export const runCli = async (args: string[], options: {uid?: number; gid?: number; env?: NodeJS.ProcessEnv} = {}): Promise<CliResult> => {
	const {env, ...ids} = options;
	const child = spawn(process.execPath, [CLI_PATH, ...args], {stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, ...env}, ...ids});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', chunk => {
		stdout += chunk;
	});
	child.stderr.on('data', chunk => {
		stderr += chunk;
	});
	const [code] = await once(child, 'close');
	return {code: code as number | null, stdout, stderr};
};
