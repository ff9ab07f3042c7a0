// what the figures were measured on: CPU, memory, kernel, Node, uWSGI; and which emperor
import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {availableParallelism, release, totalmem} from 'node:os';

const run = (command: string, args: readonly string[]): string => {
	try {
		return execFileSync(command, args, {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}).trim();
	} catch {
		return 'unknown';
	}
};


// the emperor under test: its commit, and whether the tree had uncommitted changes
export const describeVersion = (): string => {
	const isDirty = run('git', ['status', '--porcelain', '--untracked-files=no']) !== '';
	return `emperor ${run('git', ['rev-parse', '--short', 'HEAD'])}${isDirty ? '+changes' : ''}`;
};

// a markdown list describing the machine and the software the emperor is compared with
export const describeMachine = (): string => {
	const cpuModel = /^model name\s*:\s*(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown';
	return [
		`- CPU: ${availableParallelism()} × ${cpuModel} (nproc ${run('nproc', [])})`,
		`- memory: ${(totalmem() / 1024 ** 3).toFixed(1)} GiB; kernel ${release()}`,
		`- Node ${process.version}; uWSGI ${run('uwsgi', ['--version'])} (Debian uwsgi-core, plugin python3)`,
		`- machine described ${new Date().toISOString().slice(0, 10)}; each scenario below says when it ran`,
	].join('\n');
};
