import type {IniEntry} from './parse-uwsgi-ini.js';

/** a construct uWSGI evaluates when it starts and the emperor does not: a loop, a condition, another file */
export type UnevaluatedConstruct = {readonly entry: IniEntry; readonly kind: 'block' | 'include'; readonly end?: IniEntry};

export type LogicBlocks<Entry extends IniEntry> = {
	readonly constructs: readonly UnevaluatedConstruct[];
	/** entries inside a for/if block: they may not apply, or apply many times, so host checks skip them */
	readonly conditional: ReadonlySet<Entry>;
};

// (opt logic) openers of uWSGI 2.0: the for family, every if-* / if-not-*, and the old if spellings
const OPENERS = new Set(['for', 'for-glob', 'for-times', 'for-readline', 'ifdir', 'ifenv', 'ifexists', 'ifplugin']);
const isBlockOpener = (key: string): boolean => OPENERS.has(key) || key.startsWith('if-');

const BLOCK_ENDS = new Set(['end', 'endfor', 'end-for', 'endif', 'end-if']);

// options that make uWSGI read another config file, whose options the emperor does not see
const INCLUDE_KEYS = new Set(['ini', 'include', 'inherit', 'config', 'xml', 'yaml', 'yml', 'json', 'js', 'sqlite3', 'ldap']);

// finds loops, conditions and includes in the [uwsgi] entries; uWSGI does not nest blocks, a new one replaces the open one
export const findLogicBlocks = <Entry extends IniEntry>(entries: readonly Entry[]): LogicBlocks<Entry> => {
	const constructs: UnevaluatedConstruct[] = [];
	const conditional = new Set<Entry>();
	let open: {entry: IniEntry; index: number} | undefined;
	for (const entry of entries) {
		if (INCLUDE_KEYS.has(entry.key)) constructs.push({entry, kind: 'include'});
		if (BLOCK_ENDS.has(entry.key)) {
			if (open !== undefined) constructs[open.index] = {entry: open.entry, kind: 'block', end: entry};
			open = undefined;
		} else if (isBlockOpener(entry.key)) {
			open = {entry, index: constructs.length};
			constructs.push({entry, kind: 'block'});
		} else if (open !== undefined) {
			conditional.add(entry);
		}
	}
	return {constructs, conditional};
};
