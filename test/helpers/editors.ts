import {execFileSync} from 'node:child_process';
import {closeSync, fsyncSync, ftruncateSync, mkdtempSync, openSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync, writeSync} from 'node:fs';
import {basename, dirname, join} from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';

// how editors and deploy tools put a new version of a file in place, each the way it really does it
// (vim's sequences follow `strace vim` 9.0; sed, cp and mv are the GNU tools themselves)

const swapFileOf = (path: string) => join(dirname(path), `.${basename(path)}.swp`);

// vim's default write: a swap file while editing, then open, truncate, write and fsync the file in place
export const writeLikeVimInPlace = (path: string, text: string): void => {
	writeFileSync(swapFileOf(path), 'b0VIM 9.0');
	const fd = openSync(path, 'w');
	ftruncateSync(fd, 0);
	writeSync(fd, text);
	fsyncSync(fd);
	closeSync(fd);
	unlinkSync(swapFileOf(path));
};

// vim with backupcopy=no: the file is renamed to its backup, a new file is written, then the backup is dropped;
// for a moment there is no file of that name at all
export const writeLikeVimByRename = (path: string, text: string): void => {
	writeFileSync(swapFileOf(path), 'b0VIM 9.0');
	renameSync(path, `${path}~`);
	const fd = openSync(path, 'w');
	writeSync(fd, text);
	fsyncSync(fd);
	closeSync(fd);
	unlinkSync(`${path}~`);
	unlinkSync(swapFileOf(path));
};

// GNU sed -i: writes a temporary sedXXXXXX next to the file and renames it over the file
export const editWithSed = (path: string, script: string): void => {
	execFileSync('sed', ['-i', script, path]);
};

// GNU cp over an existing file: open with O_TRUNC, then write
export const copyOver = (source: string, path: string): void => {
	execFileSync('cp', [source, path]);
};

// a tmpfs on another filesystem than directory, or undefined when there is none (then `mv` would be a rename)
export const findOtherFilesystem = (directory: string): string | undefined => {
	try {
		return statSync('/dev/shm').dev === statSync(directory).dev ? undefined : '/dev/shm';
	} catch {
		return undefined;
	}
};

// GNU mv from another filesystem: it cannot rename, so it creates the file at its destination and copies the bytes
export const moveInFromOtherFilesystem = (otherFilesystem: string, text: string, path: string): void => {
	const scratch = mkdtempSync(join(otherFilesystem, 'emperor-test-mv-'));
	try {
		writeFileSync(join(scratch, basename(path)), text);
		execFileSync('mv', [join(scratch, basename(path)), path]);
	} finally {
		rmSync(scratch, {recursive: true, force: true});
	}
};

// writes text one byte at a time, pausing between bytes: a slow upload (scp) seen from the receiving side
export const writeInOneByteChunks = async (path: string, text: string, pauseMs: number): Promise<void> => {
	const fd = openSync(path, 'w');
	try {
		for (const byte of Buffer.from(text)) {
			writeSync(fd, Buffer.of(byte));
			await delay(pauseMs); // the writer's own pace, not a wait for the emperor
		}
	} finally {
		closeSync(fd);
	}
};
