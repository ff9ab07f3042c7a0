// fills in the magic variables that uWSGI takes from a config file's path, for a config sent as text
import {makeMagicTable} from './magic-variables.js';

// the letters uWSGI fills from the file itself (core/uwsgi.c config_magic_table_fill); the rest it knows without a path
const FILE_LETTERS = new Set([...'opsdcenxij', ...'OPSDCENXIJ', ...'0123456789']);

// the text with %d, %n, %p … replaced by what they mean for the file at `path`; %% and every other %X stay for uWSGI
export const pinFileMagic = (text: string, path: string): string => {
	const table = makeMagicTable({
		path, argument: path.slice(path.lastIndexOf('/') + 1), cwd: '', hostname: '', cpus: 0, uid: 0, user: '', gid: 0, group: '',
		binaryPath: '', version: '', now: 0,
	});
	return text.replace(/%(.)/gs, (match: string, letter: string) => {
		if (letter === '%') return match;
		return FILE_LETTERS.has(letter) ? (table.get(letter) ?? match) : match;
	});
};
