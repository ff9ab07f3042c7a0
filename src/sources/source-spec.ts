// one `--emperor` / `--vassals` value (or `emperor =` line) as the source it names, chosen as uWSGI chooses its
// imperial monitor: a `scheme://` prefix names it; otherwise a value with glob characters is a glob, and anything
// else a directory (uWSGI globs the value and takes a single match ending in `/` for a directory; a directory
// that does not exist is refused at start-up here, where uWSGI silently watches a glob that matches nothing)
import {redactConninfo} from './conninfo-redact.js';
import {parsePgSpec} from './pg-spec.js';

export type SourceSpec =
	/** a directory: one vassal per `*.ini` file in it, named by its file name */
	| {readonly kind: 'dir'; readonly spec: string; readonly directory: string}
	/** a glob: one vassal per matching `*.ini` file, named by the matched path */
	| {readonly kind: 'glob'; readonly spec: string; readonly pattern: string}
	/** a PostgreSQL query: one vassal per row (name, config, ts), as uWSGI's emperor_pg; spec has its password masked */
	| {readonly kind: 'pg'; readonly spec: string; readonly conninfo: string; readonly query: string};

export type SourceSpecResult = {readonly ok: true; readonly source: SourceSpec} | {readonly ok: false; readonly error: string};

const GLOB_CHARACTERS = /[*?[]/;
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;
// schemes of uWSGI's imperial monitor plugins, recognised so that their refusal says what they are
const PLUGIN_SCHEMES = new Set(['mongodb', 'mongodb2', 'amqp', 'zmq']);
const SUPPORTED = 'supported: a directory, dir://, a glob, glob://, pg://';

// true when the value holds a character glob(3) treats as a pattern
export const hasGlobCharacters = (value: string): boolean => GLOB_CHARACTERS.test(value);

// a pattern glob(3) can never match anything with: an unclosed `[`
const findPatternProblem = (pattern: string): string | undefined => {
	let index = 0;
	while (index < pattern.length) {
		const character = pattern[index]!;
		if (character === '\\') index += 2;
		else if (character === '[') {
			// `]` right after `[` or `[!` is a member, not the end
			let end = index + 1;
			if (pattern[end] === '!' || pattern[end] === '^') end++;
			if (pattern[end] === ']') end++;
			while (end < pattern.length && pattern[end] !== ']') end++;
			if (end >= pattern.length) return `an unclosed [ at character ${index + 1}`;
			index = end + 1;
		} else index++;
	}
	return undefined;
};

// (a spec is named with its password masked: a refused pg:// spec is logged too)
const refuse = (spec: string, reason: string): SourceSpecResult => ({ok: false, error: `vassal source ${JSON.stringify(redactConninfo(spec))}: ${reason}`});

const globSource = (spec: string, pattern: string): SourceSpecResult => {
	if (pattern === '') return refuse(spec, 'expected a pattern after glob:// (glob:///srv/*/uwsgi.ini)');
	const problem = findPatternProblem(pattern);
	if (problem !== undefined) return refuse(spec, `not a valid glob pattern: ${problem}`);
	return {ok: true, source: {kind: 'glob', spec, pattern}};
};

// parses one source value, or says why it is not one, naming it
export const parseSourceSpec = (spec: string): SourceSpecResult => {
	if (spec.trim() === '') return refuse(spec, 'expected a directory, a glob or a scheme:// (--emperor DIR)');
	if (spec.includes('\0')) return refuse(spec, 'a path cannot hold a NUL byte');
	const scheme = SCHEME.exec(spec)?.[1]?.toLowerCase();
	if (scheme === undefined) return hasGlobCharacters(spec) ? globSource(spec, spec) : {ok: true, source: {kind: 'dir', spec, directory: spec}};
	const rest = spec.slice(scheme.length + '://'.length);
	if (scheme === 'dir') {
		if (rest === '') return refuse(spec, 'expected a directory after dir:// (dir:///etc/uwsgi/vassals)');
		return {ok: true, source: {kind: 'dir', spec, directory: rest}};
	}
	if (scheme === 'glob') return globSource(spec, rest);
	if (scheme === 'pg') {
		const parsed = parsePgSpec(spec, rest);
		return parsed.ok ? {ok: true, source: {kind: 'pg', ...parsed.pg}} : refuse(spec, parsed.reason);
	}
	if (PLUGIN_SCHEMES.has(scheme)) return refuse(spec, `${scheme}:// sources are not supported yet (${SUPPORTED})`);
	return refuse(spec, `unknown source kind ${scheme}:// (${SUPPORTED})`);
};

// parses every source value; errors name each bad one
export const parseSourceSpecs = (specs: readonly string[]): {ok: true; sources: SourceSpec[]} | {ok: false; errors: string[]} => {
	const results = specs.map(parseSourceSpec);
	const errors = results.flatMap(result => (result.ok ? [] : [result.error]));
	if (errors.length > 0) return {ok: false, errors};
	return {ok: true, sources: results.map(result => (result as {ok: true; source: SourceSpec}).source)};
};
