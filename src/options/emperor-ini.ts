import {formatConfigIssue} from '../config/config-issue.js';
import {parseUwsgiIni} from '../config/parse-uwsgi-ini.js';
import {CLI_FLAGS} from './cli-flags.js';
import type {RawEmperorOptions} from './emperor-options.js';
import {FOREIGN_INI_KEYS} from './foreign-ini-keys.js';

// uWSGI reads this section of an ini given with --ini FILE
export const EMPEROR_INI_SECTION = 'uwsgi';

/** a key of the emperor ini that was accepted and ignored; `isKnown`: a uWSGI option that does not apply here */
export type IniNote = {readonly file: string; readonly line: number; readonly key: string; readonly isKnown: boolean; readonly reason: string};

export type EmperorIni = {
	readonly raw: Partial<RawEmperorOptions>;
	/** where each option was set: `file:line: key` for error messages */
	readonly sources: ReadonlyMap<string, string>;
	readonly notes: readonly IniNote[];
	readonly errors: readonly string[];
};

// `emperor_freq` is read as `emperor-freq`: lenient here, though uWSGI itself matches option names exactly
const normalizeKey = (key: string): string => key.replaceAll('_', '-');

// why a key is ignored: a uWSGI option that does not apply here, or one this emperor does not know
const ignoredReason = (name: string): {isKnown: boolean; reason: string} => {
	const reason = FOREIGN_INI_KEYS[name];
	if (reason !== undefined) return {isKnown: true, reason};
	if (name === 'ini') return {isKnown: true, reason: 'an emperor ini does not include others'};
	return {isKnown: false, reason: 'not an option of this emperor'};
};

// renders a note as `emperor.ini:3: master ignored: …`
export const formatIniNote = (note: IniNote): string => `${note.file}:${note.line}: ${note.key} ignored: ${note.reason}`;

// reads the [uwsgi] section of an emperor ini into raw option values, with a note for each key it ignores
export const readEmperorIni = (text: string, file: string): EmperorIni => {
	const parsed = parseUwsgiIni(text, file);
	const raw: Record<string, unknown> = {};
	const sources = new Map<string, string>();
	const errors = parsed.issues.filter(issue => issue.severity === 'error').map(formatConfigIssue);
	// a key before any section header is ignored by uWSGI too
	const notes: IniNote[] = parsed.issues.filter(issue => issue.severity === 'warning')
		.map(issue => ({file, line: issue.line ?? 0, key: issue.key ?? '', isKnown: false, reason: 'it comes before the [uwsgi] header'}));
	for (const entry of parsed.entries.filter(candidate => candidate.section === EMPEROR_INI_SECTION)) {
		const name = normalizeKey(entry.key);
		const spec = CLI_FLAGS[name];
		const where = `${file}:${entry.line}: ${entry.key}`;
		if (spec === undefined || spec.option === 'iniFile') {
			notes.push({file, line: entry.line, key: entry.key, ...ignoredReason(name)});
			continue;
		}
		if (entry.value === true && spec.kind !== 'boolean') {
			errors.push(`${where}: expected a value, found nothing`);
			continue;
		}
		sources.set(spec.option, where);
		if (spec.kind === 'list') raw[spec.option] = [...((raw[spec.option] as string[] | undefined) ?? []), entry.value];
		else raw[spec.option] = entry.value;
	}
	return {raw: raw as Partial<RawEmperorOptions>, sources, notes, errors};
};
