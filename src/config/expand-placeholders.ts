import type {IniEntry, IniValue} from './parse-uwsgi-ini.js';

/** an entry after uWSGI's passes: magic `%X`, then `$(ENV)`, then `%(key)` (core/uwsgi.c uwsgi_setup) */
export type ExpandedEntry = IniEntry & {
	/** the value as written in the file */
	readonly raw: IniValue;
	/** false while a `$(…)`, `@(…)` or `%(…)` is left in the value: checks of its content are skipped */
	readonly isResolved: boolean;
};

/** something the expansion noticed, tied to the entry it was found in */
export type ExpansionNote = {
	readonly entry: IniEntry;
	readonly kind: 'unknown-magic' | 'trailing-percent' | 'unset-env' | 'file-reader' | 'unknown-reference' | 'expression' | 'reference-cycle';
	/** the placeholder as written, e.g. `%z` or `$(HOME)` */
	readonly text: string;
};

export type ExpansionContext = {
	readonly magic: ReadonlyMap<string, string>;
	readonly env: Readonly<Record<string, string | undefined>>;
	/** options set before the file (the emperor's --vassal-set): `%(key)` finds them first */
	readonly preset?: ReadonlyMap<string, string>;
};

export type Expansion = {readonly entries: readonly ExpandedEntry[]; readonly notes: readonly ExpansionNote[]; readonly references: ReadonlySet<string>};

// uWSGI replaces `%` and the character after it on the whole file text, before it even reads lines
const expandMagic = (value: string, entry: IniEntry, magic: ReadonlyMap<string, string>, notes: ExpansionNote[]): string =>
	value.replace(/%([\s\S]?)/g, (whole, letter: string) => {
		if (letter === '') {
			notes.push({entry, kind: 'trailing-percent', text: '%'});
			return whole;
		}
		const replacement = magic.get(letter);
		if (replacement === undefined) notes.push({entry, kind: 'unknown-magic', text: whole});
		return replacement ?? '';
	});

// `$(NAME)` is the environment variable; an unset one stays as written
const expandEnvironment = (value: string, entry: IniEntry, env: ExpansionContext['env'], notes: ExpansionNote[]): string =>
	value.replace(/\$\(([^()]*)\)/g, (whole, name: string) => {
		const found = env[name];
		if (found === undefined) notes.push({entry, kind: 'unset-env', text: whole});
		return found ?? whole;
	});

const MAX_REFERENCE_DEPTH = 16;

// replaces `%(key)` by the first value of key (uwsgi_get_exported_opt), again inside what it brings in
const makeReferenceResolver = (firstValues: ReadonlyMap<string, string>, references: Set<string>) => {
	const resolve = (value: string, entry: IniEntry, notes: ExpansionNote[], seen: readonly string[]): string =>
		value.replace(/%\(([^()]*)\)/g, (whole, key: string) => {
			references.add(key);
			if (key.includes(' ')) {
				notes.push({entry, kind: 'expression', text: whole});
				return whole;
			}
			const found = firstValues.get(key);
			if (found === undefined) {
				if (key !== '_') notes.push({entry, kind: 'unknown-reference', text: whole});
				return whole;
			}
			if (seen.includes(key) || seen.length > MAX_REFERENCE_DEPTH) {
				notes.push({entry, kind: 'reference-cycle', text: [...seen, key].join(' → ')});
				return whole;
			}
			return resolve(found, entry, notes, [...seen, key]);
		});
	return resolve;
};

const isResolved = (value: string): boolean => !/[$@%]\([^()]*\)/.test(value);

// expands placeholders in the [uwsgi] entries as uWSGI would, for validation only: the file on disk is left as is
export const expandPlaceholders = (entries: readonly IniEntry[], context: ExpansionContext): Expansion => {
	const notes: ExpansionNote[] = [];
	const references = new Set<string>();
	const passed = entries.map(entry => {
		if (entry.value === true) return {entry, value: true as const};
		const magic = expandMagic(entry.value, entry, context.magic, notes);
		const value = expandEnvironment(magic, entry, context.env, notes);
		for (const reader of value.match(/@\([^()]*\)/g) ?? []) notes.push({entry, kind: 'file-reader', text: reader});
		return {entry, value};
	});
	const firstValues = new Map(context.preset);
	for (const {entry, value} of passed) if (!firstValues.has(entry.key)) firstValues.set(entry.key, value === true ? '' : value);
	const resolve = makeReferenceResolver(firstValues, references);
	const firstEntries = new Map<string, IniEntry>();
	for (const entry of entries) if (!firstEntries.has(entry.key)) firstEntries.set(entry.key, entry);
	const expanded = passed.map(({entry, value}): ExpandedEntry => {
		if (value === true) return {...entry, raw: entry.value, value, isResolved: true};
		// `%(key)` in the first definition of key would bring in itself; a later definition sees the first one
		const seen = firstEntries.get(entry.key) === entry && !context.preset?.has(entry.key) ? [entry.key] : [];
		const resolved = resolve(value, entry, notes, seen);
		return {...entry, raw: entry.value, value: resolved, isResolved: isResolved(resolved)};
	});
	return {entries: expanded, notes, references};
};
