// checks a program vassal (`[emperor] command = …`) as the emperor would before running it
import {statSync} from 'node:fs';
import {resolve} from 'node:path';
import {findExecProblem} from '../vassal/vassal-exec.js';
import type {ConfigIssue} from './config-issue.js';
import type {IniEntry} from './parse-uwsgi-ini.js';
import {checkEmperorKeys, readProgramSpec, type ProgramSpec} from './program-spec.js';

export type ProgramContext = {
	/** the vassals directory: the program runs there unless `chdir` says otherwise */
	readonly directory: string;
	readonly hostChecks: boolean;
	readonly env: Readonly<Record<string, string | undefined>>;
};

export type ProgramAnalysis = {readonly spec?: ProgramSpec; readonly issues: readonly ConfigIssue[]};

const isDirectory = (path: string) => {
	try {
		return statSync(path).isDirectory();
	} catch {
		return false;
	}
};

// the facts of this machine a program needs: its working directory, and the program itself in PATH
const checkProgramHost = (spec: ProgramSpec, entries: readonly IniEntry[], context: ProgramContext, file: string): ConfigIssue[] => {
	const lineOf = (key: string) => entries.findLast(entry => entry.section === 'emperor' && entry.key === key)?.line;
	const cwd = spec.chdir === undefined ? context.directory : resolve(context.directory, spec.chdir);
	if (spec.chdir !== undefined && !isDirectory(cwd)) {
		return [{file, line: lineOf('chdir'), key: 'chdir', code: 'VASSAL_CHDIR_MISSING', severity: 'error', message: `[emperor] chdir: expected a directory, found nothing at ${cwd}`}];
	}
	const program = spec.argv[0]!;
	const problem = findExecProblem(program, cwd, spec.env.findLast(([name]) => name === 'PATH')?.[1] ?? context.env.PATH);
	if (problem === undefined) return [];
	const found = problem === 'ENOENT' ? (program.includes('/') ? `no file ${program}` : `no ${program} in PATH`) : `${program}, which is not executable`;
	return [{file, line: lineOf('command'), key: 'command', code: 'VASSAL_COMMAND_MISSING', severity: 'error', message: `[emperor] command: expected a program to run, found ${found}`}];
};

// the program spec and every issue of the file: bad values, unknown keys, and (with host checks) what this machine lacks
export const analyzeProgram = (entries: readonly IniEntry[], file: string, context: ProgramContext): ProgramAnalysis => {
	const {spec, issues} = readProgramSpec(entries, file);
	const keyIssues = checkEmperorKeys(entries, file, true);
	const hostIssues = spec !== undefined && context.hostChecks ? checkProgramHost(spec, entries, context, file) : [];
	const all = [...issues, ...keyIssues, ...hostIssues].sort((left, right) => (left.line ?? 0) - (right.line ?? 0));
	return hostIssues.length > 0 ? {issues: all} : {spec, issues: all};
};
