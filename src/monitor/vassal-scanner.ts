// the rescan's view of a vassal directory: which vassal files are new or changed since the last scan, and which are
// gone. Where the native addon is built, one call lists and stats them all and compares each file's key with the
// last scan's in C (native/on-demand-socket/directory-scan.c), so a directory at rest costs no JavaScript per file;
// without it every file is listed as changed, to be stat'ed by the caller (docs/benchmarks.md, "Quiet at rest")
import {readdirSync} from 'node:fs';
import {nativeFunctions} from '../on-demand/native-socket.js';
import {isVassalName, VASSAL_SUFFIX} from './vassal-name.js';

export type ScanChanges = {
	/** new files, and files whose stat changed: the caller stats these */
	readonly changed: readonly string[];
	/** files the last scan saw that are no longer there */
	readonly gone: readonly string[];
	/** changed lists every vassal file there (a first scan, or one without the addon) */
	readonly isComplete: boolean;
};

export type VassalScanner = {
	/** scans now; throws as readdirSync does (code ENOENT for a directory that is gone) */
	readonly scan: () => ScanChanges;
	/** forgets the last scan: the next one lists every file as changed */
	readonly reset: () => void;
};

type Scanner = {readonly nativeScanner: unique symbol};
type ScanNative = {
	makeScanner: () => Scanner;
	scanChanges: (scanner: Scanner, path: string, suffix: string, nofollow: boolean) => [string[], string[]];
};

const findScanNative = nativeFunctions<ScanNative>('makeScanner', 'scanChanges');

// every file, every time: what the caller stats when the addon was not built
const makeListingScanner = (directory: string): VassalScanner => {
	let last = new Set<string>();
	return {
		scan() {
			const names = readdirSync(directory).filter(isVassalName);
			const present = new Set(names);
			const gone = [...last].filter(name => !present.has(name));
			last = present;
			return {changed: names, gone, isComplete: true};
		},
		reset() {
			last = new Set();
		},
	};
};

// a scanner of directory's vassal files; nofollow: a symlink is stat'ed as itself (lstat)
export const makeVassalScanner = (directory: string, nofollow: boolean): VassalScanner => {
	const native = findScanNative();
	if (native === undefined) return makeListingScanner(directory);
	let scanner = native.makeScanner();
	let isFirst = true;
	return {
		scan() {
			const [changed, gone] = native.scanChanges(scanner, directory, VASSAL_SUFFIX, nofollow);
			const isComplete = isFirst;
			isFirst = false;
			return {changed: changed.filter(isVassalName), gone: gone.filter(isVassalName), isComplete};
		},
		reset() {
			scanner = native.makeScanner();
			isFirst = true;
		},
	};
};
