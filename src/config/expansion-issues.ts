import {makeEntryIssue, type ConfigIssue} from './config-issue.js';
import type {ExpansionNote} from './expand-placeholders.js';
import type {UnevaluatedConstruct} from './logic-blocks.js';

// the issue for a placeholder the expansion could not (or would not) resolve; undefined when it is not worth one
const issueOfNote = (note: ExpansionNote, file: string, options: {hostChecks: boolean; hasIncludes: boolean}): ConfigIssue | undefined => {
	const {entry, text} = note;
	switch (note.kind) {
		case 'unknown-magic':
			return makeEntryIssue(file, entry, 'warning', 'VASSAL_UNKNOWN_MAGIC', `${text} is not a uWSGI magic variable: uWSGI replaces it with nothing (write %% for a literal %)`);
		case 'trailing-percent':
			return makeEntryIssue(file, entry, 'warning', 'VASSAL_TRAILING_PERCENT', 'a % at the end of a line makes uWSGI join the next line to this value (write %% for a literal %)');
		case 'unset-env':
			return options.hostChecks
				? makeEntryIssue(file, entry, 'warning', 'VASSAL_ENV_UNSET', `${text} is not set in this environment: uWSGI keeps it as written`)
				: undefined;
		case 'unknown-reference':
			return makeEntryIssue(file, entry, options.hasIncludes ? 'info' : 'warning', 'VASSAL_UNKNOWN_REFERENCE',
				`${text} names no option of this file: uWSGI keeps it as written${options.hasIncludes ? ' (unless an included file sets it)' : ''}`);
		case 'file-reader':
			return makeEntryIssue(file, entry, 'info', 'VASSAL_NOT_EVALUATED', `${text} is read by uWSGI when it starts: not evaluated here, so this value is not checked`);
		case 'expression':
			return makeEntryIssue(file, entry, 'info', 'VASSAL_NOT_EVALUATED', `${text} is computed by uWSGI when it starts: not evaluated here, so this value is not checked`);
		case 'reference-cycle':
			return makeEntryIssue(file, entry, 'error', 'VASSAL_REFERENCE_CYCLE', `placeholders refer to each other (${text}): uWSGI never finishes reading the file`);
	}
};

// one issue per distinct note: a placeholder met again while resolving another one is reported once
export const issuesOfExpansion = (notes: readonly ExpansionNote[], file: string, options: {hostChecks: boolean; hasIncludes: boolean}): ConfigIssue[] => {
	const seen = new Set<string>();
	return notes.flatMap(note => {
		const issue = issueOfNote(note, file, options);
		const id = `${note.entry.line}\u0000${note.kind}\u0000${note.text}`;
		if (issue === undefined || seen.has(id)) return [];
		seen.add(id);
		return [issue];
	});
};

// a note for each loop, condition or include: uWSGI evaluates them, the emperor passes them through
export const issuesOfConstructs = (constructs: readonly UnevaluatedConstruct[], file: string): ConfigIssue[] =>
	constructs.map(({entry, kind, end}) => {
		if (kind === 'include') {
			const what = entry.value === true ? 'another file' : entry.value;
			return makeEntryIssue(file, entry, 'info', 'VASSAL_NOT_EVALUATED', `uWSGI reads ${what} when it starts: its options are not checked here`);
		}
		const block = end === undefined ? 'this block (to the end of the file)' : `this block (to ${end.key} on line ${end.line})`;
		return makeEntryIssue(file, entry, 'info', 'VASSAL_NOT_EVALUATED', `uWSGI evaluates ${block} when it starts: the options inside are checked as written, without host checks`);
	});
