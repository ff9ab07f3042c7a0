import {watch as watchRaw, type FSWatcher} from 'node:fs';
import {stat} from 'node:fs/promises';
import {basename, dirname} from 'node:path';

export type DirectoryIdentity = {readonly dev: number; readonly ino: number};

// what the path names now: the directory it resolves to (through a symlink), or undefined when it is gone
export const readDirectoryIdentity = async (path: string): Promise<DirectoryIdentity | undefined> => {
	try {
		const stats = await stat(path);
		return stats.isDirectory() ? {dev: stats.dev, ino: stats.ino} : undefined;
	} catch {
		return undefined;
	}
};

// true when both name the same directory (or both nothing)
export const isSameDirectory = (a: DirectoryIdentity | undefined, b: DirectoryIdentity | undefined): boolean =>
	a?.dev === b?.dev && a?.ino === b?.ino;

// watches the parent of the vassals directory for its name: a removed and recreated directory, or a symlink
// swapped to a new release (ln -sfn), calls onMoved at once; returns a function that stops watching
export const guardDirectory = (directory: string, onMoved: () => void, onError: (error: Error) => void): (() => void) => {
	const name = basename(directory);
	let watcher: FSWatcher | undefined;
	try {
		watcher = watchRaw(dirname(directory), {persistent: false}, function onParentEvent(_event, filename) {
			if (filename === null || filename === name || filename.toString().startsWith(`${name}`)) onMoved();
		});
		watcher.on('error', onError);
	} catch (error) {
		// no parent to watch (/, or not readable): the periodic rescan still notices the change
		onError(error as Error);
	}
	return () => watcher?.close();
};
