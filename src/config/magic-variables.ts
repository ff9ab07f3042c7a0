import {basename, dirname} from 'node:path';

/** what uWSGI knows when it fills its magic table for one config file (core/uwsgi.c config_magic_table_fill) */
export type MagicContext = {
	/** the absolute path of the vassal file */
	readonly path: string;
	/** the name as given on the command line: the emperor runs `uwsgi --ini NAME` from the vassals directory */
	readonly argument: string;
	/** the vassal's working directory (the vassals directory) */
	readonly cwd: string;
	readonly hostname: string;
	readonly cpus: number;
	readonly uid: number;
	readonly user: string;
	readonly gid: number;
	readonly group: string;
	readonly inode?: number;
	readonly binaryPath: string;
	readonly version: string;
	/** seconds since the epoch, for %t and %T */
	readonly now: number;
};

// uWSGI's djb33x hash of a string's bytes (chars are signed in C), as the 4 bytes of the uint32 in little-endian hex
const djb33xHex = (text: string): string => {
	let hash = 5381;
	for (const byte of Buffer.from(text)) hash = (((hash << 5) + hash) ^ (byte << 24 >> 24)) >>> 0;
	const bytes = Buffer.alloc(4);
	bytes.writeUInt32LE(hash);
	return bytes.toString('hex').toUpperCase();
};

// the magic table: `%X` → value for every letter uWSGI defines; any other `%X` becomes an empty string in uWSGI
export const makeMagicTable = (context: MagicContext): ReadonlyMap<string, string> => {
	const name = basename(context.path);
	const directory = dirname(context.path);
	const dot = name.lastIndexOf('.');
	const perFile: Record<string, string> = {
		o: context.argument,
		p: context.path,
		s: name,
		// %d keeps its trailing slash: `chdir = %dapp` is the app folder next to the file
		d: directory.endsWith('/') ? directory : `${directory}/`,
		c: basename(directory),
		e: dot === -1 ? '' : name.slice(dot + 1),
		n: dot === -1 ? name : name.slice(0, dot),
		x: '',
		i: context.inode === undefined ? '' : String(context.inode),
		j: djb33xHex(context.path),
	};
	const table = new Map<string, string>(Object.entries(perFile));
	// the upper-case twins name the first non-template file, which is this file for a vassal
	for (const [letter, value] of Object.entries(perFile)) table.set(letter.toUpperCase(), value);
	directory.split('/').filter(part => part !== '').slice(0, 10).forEach((part, index) => table.set(String(index), part));
	for (let index = 0; index < 10; index++) if (!table.has(String(index))) table.set(String(index), '');
	const global: Record<string, string> = {
		v: context.cwd,
		h: context.hostname,
		t: String(Math.floor(context.now)),
		T: String(Math.floor(context.now * 1_000_000)),
		V: context.version,
		k: String(context.cpus),
		'[': '\u001B',
		u: String(context.uid),
		U: context.user,
		g: String(context.gid),
		G: context.group,
		b: context.binaryPath,
		'%': '%',
		'(': '%(',
	};
	for (const [letter, value] of Object.entries(global)) table.set(letter, value);
	return table;
};
