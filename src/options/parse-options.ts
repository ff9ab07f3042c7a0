import {z} from '../lib/zod.js';
import {CLI_FLAGS} from './cli-flags.js';
import {emperorOptionsSchema, type EmperorOptions, type RawEmperorOptions} from './emperor-options.js';

export type OptionsResult = {ok: true; options: EmperorOptions} | {ok: false; errors: string[]};

const flagFor = (option: PropertyKey): string => {
	const entry = Object.entries(CLI_FLAGS).find(([, spec]) => spec.option === option);
	return entry ? `--${entry[0]}` : String(option);
};

// reads `--flag value`, `--flag=value` and bare boolean flags into raw option values
export const readArgv = (argv: readonly string[]): {raw: Partial<RawEmperorOptions>; errors: string[]} => {
	const raw: Record<string, unknown> = {};
	const errors: string[] = [];
	for (let index = 0; index < argv.length; index++) {
		const argument = argv[index]!;
		const match = /^--([^=]+)(?:=(.*))?$/s.exec(argument);
		const spec = match ? CLI_FLAGS[match[1]!] : undefined;
		if (!match || !spec) {
			errors.push(`${argument}: unknown option (see emperor --help)`);
			// skip the unknown option's value, so it is not reported as a second error
			if (match && match[2] === undefined && argv[index + 1]?.startsWith('--') === false) index++;
			continue;
		}
		let value: string | boolean | undefined = match[2];
		if (value === undefined) {
			if (spec.kind === 'boolean') value = true;
			else if (index + 1 < argv.length) value = argv[++index];
			else {
				errors.push(`${argument}: expected a value, found nothing`);
				continue;
			}
		}
		if (spec.kind === 'list') raw[spec.option] = [...((raw[spec.option] as string[] | undefined) ?? []), value];
		else raw[spec.option] = value;
	}
	return {raw: raw as Partial<RawEmperorOptions>, errors};
};

// renders a zod issue as `--flag: expected …, found …`
const describeIssue = (issue: z.core.$ZodIssue, raw: Record<string, unknown>): string => {
	const option = issue.path[0] ?? '';
	// a custom issue (a vassal source) names its value itself
	const found = option in raw && issue.code !== 'custom' ? `, found ${JSON.stringify(raw[option as string])}` : '';
	return `${flagFor(option)}: ${issue.message}${found}`;
};

// checks raw option values once, applies defaults, and freezes the result
export const validateOptions = (raw: Partial<RawEmperorOptions>): OptionsResult => {
	const result = emperorOptionsSchema.safeParse(raw);
	if (!result.success) return {ok: false, errors: result.error.issues.map(issue => describeIssue(issue, raw))};
	return {ok: true, options: Object.freeze({...result.data, vassalsDir: Object.freeze([...result.data.vassalsDir]) as string[], vassalSet: Object.freeze([...result.data.vassalSet]) as string[]})};
};

// turns the emperor's argv into frozen options, or into clear errors
export const parseOptions = (argv: readonly string[]): OptionsResult => {
	const {raw, errors} = readArgv(argv);
	if (errors.length > 0) return {ok: false, errors};
	return validateOptions(raw);
};
