import {makeEntryIssue, type ConfigIssue} from './config-issue.js';
import type {IniEntry} from './parse-uwsgi-ini.js';
import {suggestOptions, type OptionSuggestion} from './suggest-option.js';
import {isUwsgiOption} from './uwsgi-options.js';

// `did you mean enable-threads?`, `did you mean chdir or ifdir?`
const didYouMean = (suggestion: OptionSuggestion): string => {
	const names = suggestion.names;
	const list = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} or ${names.at(-1)!}`;
	return `did you mean ${list}?`;
};

// keys uWSGI does not know are placeholders to it: a warning when one looks like a misspelt option and is never
// used as %(key); in strict mode (`strict = true`, or the emperor's), every one is an error, as uWSGI exits on it
export const checkUnknownKeys = (entries: readonly IniEntry[], references: ReadonlySet<string>, isStrict: boolean, file: string): ConfigIssue[] => {
	const issues: ConfigIssue[] = [];
	const reported = new Set<string>();
	for (const entry of entries) {
		if (isUwsgiOption(entry.key) || reported.has(entry.key)) continue;
		reported.add(entry.key);
		const suggestion = suggestOptions(entry.key);
		if (isStrict) {
			const hint = suggestion === undefined ? '' : `: ${didYouMean(suggestion)}`;
			issues.push(makeEntryIssue(file, entry, 'error', 'VASSAL_UNKNOWN_OPTION', `not a uWSGI option, and strict mode is on${hint}`));
		} else if (suggestion !== undefined && !references.has(entry.key)) {
			const why = suggestion.isSpelling
				? 'uWSGI matches option names exactly, so this line only defines a placeholder'
				: 'uWSGI only keeps it as a placeholder';
			issues.push(makeEntryIssue(file, entry, 'warning', 'VASSAL_UNKNOWN_OPTION', `not a uWSGI option: ${why}; ${didYouMean(suggestion)}`));
		}
	}
	return issues;
};
