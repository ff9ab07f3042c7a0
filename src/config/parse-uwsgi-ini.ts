import ini from 'ini';
import type {ConfigIssue} from './config-issue.js';

export type IniValue = string | true;
export type IniEntry = {readonly section: string; readonly key: string; readonly value: IniValue; readonly line: number};
export type IniSections = Readonly<Record<string, Readonly<Record<string, IniValue | IniValue[]>>>>;
export type ParsedIni = {readonly entries: readonly IniEntry[]; readonly sections: IniSections; readonly issues: ConfigIssue[]};

// scans lines the way uWSGI does: comments only at line start, `key = value`, a bare key is true
const scanLines = (text: string, file: string): {entries: IniEntry[]; issues: ConfigIssue[]} => {
	const entries: IniEntry[] = [];
	const issues: ConfigIssue[] = [];
	let section: string | undefined;
	text.split(/\r?\n/).forEach((raw, index) => {
		const line = index + 1;
		const trimmed = raw.trim();
		if (trimmed === '' || trimmed.startsWith(';') || trimmed.startsWith('#')) return;
		if (trimmed.startsWith('[')) {
			if (!trimmed.endsWith(']') || trimmed.length < 3) {
				issues.push({file, line, code: 'INI_SECTION_MALFORMED', severity: 'error', message: `expected a section header like [uwsgi], found ${JSON.stringify(trimmed)}`});
				return;
			}
			section = trimmed.slice(1, -1).trim();
			return;
		}
		const equals = trimmed.indexOf('=');
		const key = (equals === -1 ? trimmed : trimmed.slice(0, equals)).trim();
		if (key === '') {
			issues.push({file, line, code: 'INI_KEY_MISSING', severity: 'error', message: `expected key = value, found ${JSON.stringify(trimmed)}`});
			return;
		}
		if (section === undefined) {
			issues.push({file, line, key, code: 'INI_OUTSIDE_SECTION', severity: 'warning', message: 'ignored: it comes before any [section] header'});
			return;
		}
		entries.push({section, key, value: equals === -1 ? true : trimmed.slice(equals + 1).trim(), line});
	});
	return {entries, issues};
};

// ini turns the strings true, false and null into JSON values even when quoted; this mark keeps them strings
const STRING_MARK = '\u0002';

const unmark = (value: unknown): IniValue | IniValue[] => {
	if (Array.isArray(value)) return value.map(item => unmark(item) as IniValue);
	return typeof value === 'string' ? value.slice(STRING_MARK.length) : true;
};

// groups entries by section with the ini package; values are quoted first so `;` and `#` stay in them
const groupSections = (entries: readonly IniEntry[]): IniSections => {
	const sections = new Map<string, IniEntry[]>();
	for (const entry of entries) sections.set(entry.section, [...(sections.get(entry.section) ?? []), entry]);
	const grouped: Record<string, Record<string, IniValue | IniValue[]>> = {};
	for (const [name, sectionEntries] of sections) {
		const body = sectionEntries
			.map(({key, value}) => (value === true ? JSON.stringify(key) : `${JSON.stringify(key)} = ${JSON.stringify(STRING_MARK + value)}`))
			.join('\n');
		// duplicates become arrays (bracketedArray: false), as uWSGI repeats keys for lists
		const parsed = ini.parse(body, {bracketedArray: false}) as Record<string, unknown>;
		grouped[name] = Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, unmark(value)]));
	}
	return grouped;
};

// parses a vassal file's text into entries with line numbers, grouped sections, and syntax issues
export const parseUwsgiIni = (text: string, file: string): ParsedIni => {
	const {entries, issues} = scanLines(text, file);
	return {entries, sections: groupSections(entries), issues};
};
