import {makeEntryIssue, type ConfigIssue} from './config-issue.js';
import type {ExpandedEntry} from './expand-placeholders.js';
import type {IniValue} from './parse-uwsgi-ini.js';
import {BOOLEAN_EXPECTED, canonicalOptionName, isFlagOption, isNumberOption, vassalOptionsSchema, type VassalOptionName, type VassalOptions} from './vassal-schema.js';

const BOOLEAN_SPELLINGS = new Set(['true', 'yes', 'on', '1', '', 'false', 'no', 'off', '0']);

// `"four"`, or `"4" (written "%(workers)")` when placeholders changed it, or `no value` for a bare key
export const describeFound = (entry: ExpandedEntry): string => {
	if (entry.value === true) return 'no value';
	const found = JSON.stringify(entry.value);
	return entry.raw === entry.value ? found : `${found} (written ${JSON.stringify(entry.raw)})`;
};

const foundText = (value: IniValue): string => (value === true ? '' : value);

// `expected a whole number` → `a whole number`, for the issue's expected field
const expectation = (message: string): string => message.replace(/^expected /, '');

// what uWSGI makes of a value the schema would refuse although uWSGI runs with it: a warning, and the value uWSGI reads
const readLeniently = (name: VassalOptionName, entry: ExpandedEntry, file: string): {value: IniValue; issue?: ConfigIssue} => {
	const {value} = entry;
	if (value === true) return {value};
	if (isFlagOption(name) && !BOOLEAN_SPELLINGS.has(value.toLowerCase())) {
		const message = `${BOOLEAN_EXPECTED}, found ${describeFound(entry)}: uWSGI reads it as true`;
		return {value: 'true', issue: makeEntryIssue(file, entry, 'warning', 'VASSAL_OPTION_NOT_BOOLEAN', message, {expected: expectation(BOOLEAN_EXPECTED), found: value})};
	}
	const numberWithComment = isNumberOption(name) ? /^(\d+)\s+[;#]/.exec(value) : null;
	if (numberWithComment !== null) {
		const number = numberWithComment[1]!;
		const message = `${JSON.stringify(value)} is read as ${number}: a ; or # inside a value is part of it (put comments on a line of their own)`;
		return {value: number, issue: makeEntryIssue(file, entry, 'warning', 'VASSAL_INLINE_COMMENT', message, {found: value})};
	}
	return {value};
};

// checks every [uwsgi] value the schema covers; values with placeholders left in them are not checked
export const validateOptions = (entries: readonly ExpandedEntry[], file: string): {options: VassalOptions; issues: ConfigIssue[]} => {
	const issues: ConfigIssue[] = [];
	const groups = new Map<VassalOptionName, {entry: ExpandedEntry; value: IniValue}[]>();
	for (const entry of entries) {
		const name = canonicalOptionName(entry.key);
		if (name === undefined || !entry.isResolved) continue;
		const read = readLeniently(name, entry, file);
		if (read.issue !== undefined) issues.push(read.issue);
		groups.set(name, [...(groups.get(name) ?? []), {entry, value: read.value}]);
	}
	const options: Record<string, unknown> = {};
	for (const [name, group] of groups) {
		const parsed = vassalOptionsSchema.shape[name].safeParse(group.map(item => item.value));
		if (parsed.success) {
			options[name] = parsed.data;
			continue;
		}
		for (const problem of parsed.error.issues) {
			const {entry} = group[Number(problem.path[0] ?? 0)]!;
			issues.push(makeEntryIssue(file, entry, 'error', 'VASSAL_OPTION_INVALID', `${problem.message}, found ${describeFound(entry)}`, {expected: expectation(problem.message), found: foundText(entry.value)}));
		}
	}
	return {options: options as VassalOptions, issues};
};
