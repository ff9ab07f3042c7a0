import {readFileSync} from 'node:fs';
import {readEmperorIni, type EmperorIni, type IniNote} from './emperor-ini.js';
import {emperorOptionsSchema, type EmperorOptions, type RawEmperorOptions} from './emperor-options.js';
import {readArgv, validateOptions} from './parse-options.js';

export type LoadedOptions = {ok: true; options: EmperorOptions; notes: readonly IniNote[]} | {ok: false; errors: string[]};
export type ReadText = (path: string) => string;

// the file's values, then the command line's: a flag given on both wins, a repeatable flag adds to the file's list
export const mergeOptions = (fromFile: Partial<RawEmperorOptions>, fromArgv: Partial<RawEmperorOptions>): Partial<RawEmperorOptions> => {
	const merged: Record<string, unknown> = {...fromFile};
	for (const [option, value] of Object.entries(fromArgv)) {
		const previous = merged[option];
		merged[option] = Array.isArray(previous) && Array.isArray(value) ? [...previous, ...value] : value;
	}
	return merged as Partial<RawEmperorOptions>;
};

// checks the file's own values, so a bad one is reported with its file and line
const checkIniValues = ({raw, sources}: EmperorIni): string[] => {
	const result = emperorOptionsSchema.partial().safeParse(raw);
	if (result.success) return [];
	return result.error.issues.map(issue => {
		const option = String(issue.path[0] ?? '');
		const found = option in raw && issue.code !== 'custom' ? `, found ${JSON.stringify((raw as Record<string, unknown>)[option])}` : '';
		return `${sources.get(option) ?? option}: ${issue.message}${found}`;
	});
};

// reads the ini file, naming it and the reason when it cannot be read
const readIniText = (path: string, readText: ReadText): {text: string} | {error: string} => {
	try {
		return {text: readText(path)};
	} catch (error) {
		const {code, message} = error as NodeJS.ErrnoException;
		return {error: `--ini ${path}: cannot read it (${code ?? message})`};
	}
};

// argv, and the emperor ini it names with --ini, into frozen options and notes on ignored ini keys, or clear errors
export const loadOptions = (argv: readonly string[], readText: ReadText = path => readFileSync(path, 'utf8')): LoadedOptions => {
	const fromArgv = readArgv(argv);
	if (fromArgv.errors.length > 0) return {ok: false, errors: fromArgv.errors};
	const path = fromArgv.raw.iniFile;
	if (path === undefined) {
		const result = validateOptions(fromArgv.raw);
		return result.ok ? {...result, notes: []} : result;
	}
	const read = readIniText(path, readText);
	if ('error' in read) return {ok: false, errors: [read.error]};
	const ini = readEmperorIni(read.text, path);
	const errors = [...ini.errors, ...checkIniValues(ini)];
	if (errors.length > 0) return {ok: false, errors};
	const result = validateOptions(mergeOptions(ini.raw, fromArgv.raw));
	return result.ok ? {...result, notes: ini.notes} : result;
};
