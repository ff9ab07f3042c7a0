import {lstat, mkdir, readdir, unlink} from 'node:fs/promises';
import {join} from 'node:path';
import {CONTROL_EXTENSION, type ControlDirectory} from './control-path.js';
import {probeSocket} from './probe-socket.js';

// a socket file this much older than now that nobody answers on is left over from an emperor that died
const STALE_AFTER_MS = 10_000;

// why a directory must not hold the control socket, or undefined when it may: a real directory of this user,
// writable by no one else (and private when its mode says so)
export const checkControlDirectory = (
	stats: {isSymbolicLink: () => boolean; isDirectory: () => boolean; uid: number; mode: number},
	directory: ControlDirectory,
	uid: number,
): string | undefined => {
	if (stats.isSymbolicLink()) return `${directory.path} is a symbolic link`;
	if (!stats.isDirectory()) return `${directory.path} is not a directory`;
	if (stats.uid !== uid) return `${directory.path} belongs to uid ${stats.uid}, not to this emperor's uid ${uid}`;
	const forbidden = directory.mode === 0o700 ? 0o077 : 0o022;
	if ((stats.mode & forbidden) !== 0) return `${directory.path} has mode ${(stats.mode & 0o777).toString(8)}; expected ${directory.mode.toString(8)}`;
	return undefined;
};

// creates the shared control directory if it is missing and checks that it is safe to use; throws why not
export const prepareControlDirectory = async (directory: ControlDirectory, uid: number): Promise<void> => {
	try {
		await mkdir(directory.path, {mode: directory.mode});
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
	}
	const problem = checkControlDirectory(await lstat(directory.path), directory, uid);
	if (problem !== undefined) throw new Error(`${problem}: refusing to put the control socket there (use --control PATH)`);
};

// removes the sockets of dead emperors of this user from the control directory; returns the paths removed
export const removeStaleSockets = async (directory: string, uid: number, now = Date.now()): Promise<string[]> => {
	const names = (await readdir(directory).catch(() => [] as string[])).filter(name => name.endsWith(CONTROL_EXTENSION));
	const removed = await Promise.all(names.map(async name => {
		const path = join(directory, name);
		const stats = await lstat(path).catch(() => undefined);
		if (stats === undefined || !stats.isSocket() || stats.uid !== uid || now - stats.mtimeMs < STALE_AFTER_MS) return undefined;
		if (await probeSocket(path) !== 'stale') return undefined;
		return unlink(path).then(() => path, () => undefined);
	}));
	return removed.filter(path => path !== undefined);
};
