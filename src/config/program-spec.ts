// a vassal that is not uWSGI: `[emperor] command = …` and the keys around it, read into what the emperor runs
import {constants} from 'node:os';
import type {ConfigIssue} from './config-issue.js';
import type {IniEntry} from './parse-uwsgi-ini.js';
import {suggestOptions} from './suggest-option.js';
import {splitShellWords} from '../launch/shell-words.js';
import {readCgroupLimits} from '../cgroup/cgroup-limits.js';

/** what makes a new generation ready: it started, it sent READY=1, a line of its output matched, or a probe passed */
export type ReadyMode =
	| {readonly kind: 'started'}
	| {readonly kind: 'notify'}
	| {readonly kind: 'log'; readonly pattern: string}
	/** command: the text after probe:, split like shell words when it runs */
	| {readonly kind: 'probe'; readonly command: string};

/** a program vassal as the emperor runs it */
export type ProgramSpec = {
	/** the program (looked up in PATH) and its arguments, never run by a shell */
	readonly argv: readonly string[];
	readonly chdir?: string | undefined;
	readonly env: readonly (readonly [string, string])[];
	readonly uid?: string | undefined;
	readonly gid?: string | undefined;
	readonly stopSignal: NodeJS.Signals;
	readonly stopTimeoutMs?: number | undefined;
	readonly exileStatuses: readonly number[];
	readonly ready: ReadyMode;
	readonly idleSeconds?: number | undefined;
	readonly watchdogSeconds?: number | undefined;
};

/** the [emperor] keys a uWSGI vassal may have too: its held socket, how it reloads, its cgroup's limits */
export const SOCKET_KEYS = ['socket', 'on-demand', 'reload', 'reload-timeout', 'memory-max', 'cpu-max'] as const;
/** the [emperor] keys of a program vassal */
export const PROGRAM_KEYS = [...SOCKET_KEYS, 'command', 'chdir', 'env', 'uid', 'gid', 'stop-signal', 'stop-timeout', 'exile-status', 'ready', 'idle', 'watchdog'] as const;

export type ProgramSpecResult = {readonly spec?: ProgramSpec; readonly issues: readonly ConfigIssue[]};

const SIGNALS = new Set(Object.keys(constants.signals));

// the [emperor] keys no vassal knows, with "did you mean"; keys for programs only are refused in a uWSGI vassal;
// a limit that cannot be read is refused
export const checkEmperorKeys = (entries: readonly IniEntry[], file: string, isProgram: boolean): ConfigIssue[] => [
	...readCgroupLimits(entries).problems.map(({entry, expected}) => ({
		file, line: entry.line, key: entry.key, code: 'VASSAL_LIMIT_INVALID', severity: 'error' as const, expected,
		message: `[emperor] ${entry.key}: expected ${expected}, found ${JSON.stringify(entry.value)}`,
	})),
	...entries.filter(entry => entry.section === 'emperor' && !(isProgram ? PROGRAM_KEYS : SOCKET_KEYS as readonly string[]).includes(entry.key)).map(entry => {
		if (!isProgram && (PROGRAM_KEYS as readonly string[]).includes(entry.key)) {
			return {file, line: entry.line, key: entry.key, code: 'VASSAL_EMPEROR_KEY_PROGRAM_ONLY', severity: 'error' as const,
				message: `[emperor] ${entry.key} is for program vassals ([emperor] command = …); a uWSGI vassal sets it in [uwsgi]`};
		}
		const suggestion = suggestOptions(entry.key, isProgram ? PROGRAM_KEYS : SOCKET_KEYS);
		const hint = suggestion === undefined ? '' : `; did you mean ${suggestion.names.join(' or ')}?`;
		return {file, line: entry.line, key: entry.key, code: 'VASSAL_EMPEROR_KEY_UNKNOWN', severity: 'warning' as const,
			message: `[emperor] ${entry.key} is not an emperor key (expected one of ${(isProgram ? PROGRAM_KEYS : SOCKET_KEYS).join(', ')})${hint}`};
	}),
];

const text = (entry: IniEntry) => String(entry.value).trim();

// reads the program of an `[emperor] command` vassal; every bad value is an issue naming its line, key and what was expected
export const readProgramSpec = (entries: readonly IniEntry[], file: string): ProgramSpecResult => {
	const own = entries.filter(entry => entry.section === 'emperor');
	const last = (key: string) => own.findLast(entry => entry.key === key);
	const issues: ConfigIssue[] = [];
	const fail = (entry: IniEntry, message: string) => issues.push({file, line: entry.line, key: entry.key, code: 'VASSAL_PROGRAM_INVALID', severity: 'error', message});
	const seconds = (key: string): number | undefined => {
		const entry = last(key);
		if (entry === undefined) return undefined;
		const value = Number(text(entry));
		if (text(entry) === '' || !Number.isFinite(value) || value <= 0) fail(entry, `[emperor] ${key}: expected a positive number of seconds, found ${JSON.stringify(entry.value)}`);
		return value;
	};
	const command = last('command')!;
	const words = splitShellWords(text(command));
	if (!words.ok) fail(command, `[emperor] command: ${words.error.message} (column ${words.error.column})`);
	else if (words.words.length === 0) fail(command, '[emperor] command: expected a program and its arguments, found nothing');
	else if (words.shellSyntax.length > 0) {
		issues.push({file, line: command.line, key: 'command', code: 'VASSAL_COMMAND_NOT_A_SHELL', severity: 'warning',
			message: `[emperor] command is not run by a shell: ${words.shellSyntax.map(syntax => syntax.text).join(' ')} reach the program as they are; write a script for pipes, redirections and variables`});
	}
	const env = own.filter(entry => entry.key === 'env').flatMap(entry => {
		const value = text(entry);
		const equals = value.indexOf('=');
		if (equals > 0) return [[value.slice(0, equals), value.slice(equals + 1)] as const];
		fail(entry, `[emperor] env: expected NAME=VALUE, found ${JSON.stringify(entry.value)}`);
		return [];
	});
	const signalEntry = last('stop-signal');
	const signalName = signalEntry === undefined ? 'SIGTERM' : text(signalEntry).toUpperCase().replace(/^(?!SIG)/, 'SIG');
	if (signalEntry !== undefined && !SIGNALS.has(signalName)) fail(signalEntry, `[emperor] stop-signal: expected a signal name such as SIGTERM or SIGINT, found ${JSON.stringify(signalEntry.value)}`);
	const exileStatuses = own.filter(entry => entry.key === 'exile-status').flatMap(entry => text(entry).split(/[\s,]+/).filter(Boolean).flatMap(part => {
		const status = Number(part);
		if (Number.isInteger(status) && status >= 0 && status <= 255) return [status];
		fail(entry, `[emperor] exile-status: expected exit statuses from 0 to 255, found ${JSON.stringify(part)}`);
		return [];
	}));
	const ready = readReadyMode(last('ready'), fail);
	const spec: ProgramSpec = {
		argv: words.ok ? words.words : [], chdir: last('chdir') && text(last('chdir')!), env,
		uid: last('uid') && text(last('uid')!), gid: last('gid') && text(last('gid')!),
		stopSignal: signalName as NodeJS.Signals, stopTimeoutMs: secondsToMs(seconds('stop-timeout')),
		exileStatuses: exileStatuses.length > 0 ? exileStatuses : [26], ready,
		idleSeconds: seconds('idle'), watchdogSeconds: seconds('watchdog'),
	};
	issues.sort((left, right) => (left.line ?? 0) - (right.line ?? 0));
	return issues.some(issue => issue.severity === 'error') ? {issues} : {spec, issues};
};

const secondsToMs = (value: number | undefined) => (value === undefined ? undefined : value * 1000);

// `ready = started | notify | log:REGEX | probe:COMMAND`; started when absent
const readReadyMode = (entry: IniEntry | undefined, fail: (entry: IniEntry, message: string) => void): ReadyMode => {
	if (entry === undefined) return {kind: 'started'};
	const value = text(entry);
	if (value === 'started' || value === 'notify') return {kind: value};
	if (value.startsWith('log:')) {
		try {
			new RegExp(value.slice(4));
			return {kind: 'log', pattern: value.slice(4)};
		} catch (error) {
			fail(entry, `[emperor] ready = log:…: expected a regular expression, found ${JSON.stringify(value.slice(4))} (${(error as Error).message})`);
			return {kind: 'started'};
		}
	}
	if (value.startsWith('probe:')) {
		const words = splitShellWords(value.slice(6));
		if (words.ok && words.words.length > 0) return {kind: 'probe', command: value.slice(6)};
		fail(entry, `[emperor] ready = probe:…: expected a command after probe:, found ${JSON.stringify(value.slice(6))}`);
		return {kind: 'started'};
	}
	fail(entry, `[emperor] ready: expected started, notify, log:REGEX or probe:COMMAND, found ${JSON.stringify(entry.value)}`);
	return {kind: 'started'};
};
