import {makeEntryIssue, type ConfigIssue} from './config-issue.js';
import type {ExpandedEntry} from './expand-placeholders.js';
import {canonicalOptionName, type VassalOptionName, type VassalOptions} from './vassal-schema.js';

// the entry that set an option last (uWSGI keeps the last value of a single-valued option)
export const lastEntryOf = (entries: readonly ExpandedEntry[], name: VassalOptionName): ExpandedEntry | undefined =>
	entries.findLast(entry => canonicalOptionName(entry.key) === name);

// combinations uWSGI accepts silently or refuses at start-up, found without looking at this machine
export const checkSemantics = (options: VassalOptions, entries: readonly ExpandedEntry[], file: string): ConfigIssue[] => {
	const issues: ConfigIssue[] = [];
	const dieOnIdle = lastEntryOf(entries, 'die-on-idle');
	if (options['die-on-idle'] === true && !(options.idle !== undefined && options.idle > 0) && dieOnIdle !== undefined) {
		issues.push(makeEntryIssue(file, dieOnIdle, 'warning', 'VASSAL_DIE_ON_IDLE_WITHOUT_IDLE', 'has no effect without idle = SECONDS (the vassal never goes idle)'));
	}
	// core/init.c: "invalid cheaper value: must be lower than processes", then exit(1)
	const cheaper = lastEntryOf(entries, 'cheaper');
	const processes = options.processes ?? 1;
	if (options.cheaper !== undefined && options.cheaper > 0 && options.cheaper >= processes && cheaper !== undefined) {
		issues.push(makeEntryIssue(file, cheaper, 'error', 'VASSAL_CHEAPER_NOT_BELOW_PROCESSES',
			`expected fewer than processes (${processes}), found ${options.cheaper}: uWSGI exits at start-up`, {expected: `less than ${processes}`, found: String(options.cheaper)}));
	}
	return issues;
};
