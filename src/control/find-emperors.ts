import {lstat, readdir, realpath} from 'node:fs/promises';
import {join} from 'node:path';
import {sendControlRequest} from './control-client.js';
import {CONTROL_EXTENSION, type ControlPlace} from './control-path.js';

/** an emperor that answered on its control socket, with its stats document */
export type FoundEmperor = {
	readonly path: string;
	readonly directory: string | undefined;
	/** the directory with symbolic links resolved, where this user can see it */
	readonly realDirectory: string | undefined;
	readonly pid: number | undefined;
	readonly document: unknown;
};

/** a socket that is there but did not answer: another user's (live or stale: the kernel refuses either), or a hung emperor */
export type UnreachableEmperor = {readonly path: string; readonly error: string; readonly code: string | undefined};

export type Search = {readonly found: FoundEmperor[]; readonly unreachable: UnreachableEmperor[]; readonly places: readonly ControlPlace[]};

// true for a real directory of this user's or root's: a client trusts no socket another user could have planted
const isTrustedDirectory = (path: string, uid: number): Promise<boolean> =>
	lstat(path).then(stats => stats.isDirectory() && (stats.uid === uid || stats.uid === 0), () => false);

// the socket paths in the places, existing ones only
const listSockets = async (places: readonly ControlPlace[], uid: number): Promise<string[]> => {
	const lists = await Promise.all(places.map(async place => {
		if (place.kind === 'socket') return (await lstat(place.path).then(stats => stats.isSocket(), () => false)) ? [place.path] : [];
		if (!await isTrustedDirectory(place.path, uid)) return [];
		const names = await readdir(place.path).catch(() => [] as string[]);
		return names.filter(name => name.endsWith(CONTROL_EXTENSION)).sort().map(name => join(place.path, name));
	}));
	return [...new Set(lists.flat())];
};

// reads the vassal directory and pid of an emperor from its stats document (ours or uWSGI's shape)
export const describeDocument = (document: unknown): {directory: string | undefined; pid: number | undefined} => {
	const {emperor, pid} = (document ?? {}) as {emperor?: unknown; pid?: unknown};
	const directory = Array.isArray(emperor) && typeof emperor[0] === 'string' ? emperor[0] : undefined;
	return {directory, pid: typeof pid === 'number' ? pid : undefined};
};

// asks every control socket in the places for its status; stale sockets (nobody listening) are passed over
export const findEmperors = async (places: readonly ControlPlace[], uid: number, timeoutMs = 3000): Promise<Search> => {
	const paths = await listSockets(places, uid);
	const answers = await Promise.all(paths.map(async path => ({path, response: await sendControlRequest(path, {command: 'status'}, timeoutMs)})));
	const found: FoundEmperor[] = [];
	const unreachable: UnreachableEmperor[] = [];
	for (const {path, response} of answers) {
		if (!response.ok) {
			if (response.code !== 'ECONNREFUSED' && response.code !== 'ENOENT') unreachable.push({path, error: response.error, code: response.code});
			continue;
		}
		const {directory, pid} = describeDocument(response.result);
		const realDirectory = directory === undefined ? undefined : await realpath(directory).catch(() => directory);
		found.push({path, directory, realDirectory, pid, document: response.result});
	}
	return {found, unreachable, places};
};
