import {lstatSync, statSync} from 'node:fs';
import {lstat, stat} from 'node:fs/promises';
import {basename, dirname, resolve} from 'node:path';
import {watch, type FSWatcher} from 'chokidar';
import {fingerprintOf, isSameFingerprint, type FileFingerprint} from './file-fingerprint.js';
import {guardDirectory, isSameDirectory, readDirectoryIdentity, type DirectoryIdentity} from './directory-guard.js';
import {makeVassalScanner, type ScanChanges} from './vassal-scanner.js';
import {findListingMismatch} from './listing-mismatch.js';
import {isVassalName} from './vassal-name.js';
import type {VassalContent} from '../sources/vassal-content.js';

// files stat'ed in one macrotask of a scan (~5-15 µs each): the loop turns every few ms even at 1000 files
const RESCAN_CHUNK = 100;

export type FileObservation = {
	readonly name: string;
	readonly fingerprint: FileFingerprint | undefined;
	/** the config itself, from a source that is not a file (a pg:// row); absent: read the file */
	readonly content?: VassalContent | undefined;
};

export type MonitorHandlers = {
	/** a vassal file appeared, changed (settled), or disappeared (fingerprint undefined) */
	onFile: (observation: FileObservation) => void;
	onError: (error: Error, context: string) => void;
};

export type DirectoryMonitor = {
	/** the first full scan, reported at once; a second pass once the watcher is active, so no file can land unseen between the two */
	initialScan: () => Promise<void>;
	/** a full rescan now (SIGWINCH, or the periodic safety net) */
	rescan: () => Promise<void>;
	close: () => Promise<void>;
};

export type MonitorOptions = {
	readonly directory: string;
	readonly freqSeconds: number;
	readonly settleMs: number;
	/** lstat instead of stat: a symlink is seen as itself, so `touch -h link.ini` reloads (uWSGI --emperor-nofollow) */
	readonly nofollow?: boolean;
};

// the same, in the calling macrotask: the rescan stats every file each period, and a thread-pool round trip per
// file would wake the emperor hundreds of times per period where one synchronous loop takes a few ms at 1000 files
const statFingerprintNow = (path: string, nofollow: boolean): FileFingerprint | undefined => {
	try {
		const stats = (nofollow ? lstatSync : statSync)(path, {bigint: true, throwIfNoEntry: false});
		return stats !== undefined && (stats.isFile() || stats.isDirectory() || stats.isSymbolicLink()) ? fingerprintOf(stats) : undefined;
	} catch {
		return undefined;
	}
};

const statFingerprint = async (path: string, nofollow: boolean): Promise<FileFingerprint | undefined> => {
	try {
		const stats = await (nofollow ? lstat : stat)(path, {bigint: true});
		return stats.isFile() || stats.isDirectory() || stats.isSymbolicLink() ? fingerprintOf(stats) : undefined;
	} catch {
		return undefined;
	}
};

// watches a vassal directory: inotify events through chokidar, a rescan every freq seconds as a safety net,
// and a settle window so a file still being written is read once, when it is quiet
export const startDirectoryMonitor = (options: MonitorOptions, handlers: MonitorHandlers): DirectoryMonitor => {
	const directory = resolve(options.directory);
	const reported = new Map<string, FileFingerprint | undefined>();
	const settling = new Map<string, NodeJS.Timeout>();
	const scanner = makeVassalScanner(directory, options.nofollow === true);
	// the names the scanner lists now, kept from its changes; held against what was reported at every scan
	const listed = new Set<string>();
	let closed = false;

	const report = (name: string, fingerprint: FileFingerprint | undefined) => {
		const previous = reported.get(name);
		if (fingerprint === undefined ? !reported.has(name) : isSameFingerprint(previous, fingerprint)) return;
		if (fingerprint === undefined) reported.delete(name);
		else reported.set(name, fingerprint);
		handlers.onFile({name, fingerprint});
	};

	// waits until the file's fingerprint stops changing for settleMs, then reports it
	const settle = (name: string, seen: FileFingerprint | undefined) => {
		if (closed || settling.has(name)) return;
		settling.set(name, setTimeout(async function onSettled() {
			settling.delete(name);
			const now = await statFingerprint(`${directory}/${name}`, options.nofollow === true);
			if (closed) return;
			const isQuiet = now === undefined ? seen === undefined : isSameFingerprint(now, seen);
			if (isQuiet) report(name, now);
			else settle(name, now);
		}, options.settleMs));
	};

	const noteName = async (name: string) => {
		if (!isVassalName(name)) return;
		settle(name, await statFingerprint(`${directory}/${name}`, options.nofollow === true));
	};

	// repairs what the listing and the reports disagree on (src/monitor/listing-mismatch.ts)
	const reconcileWithListing = (changed: readonly string[]) => {
		const {gone, unreported} = findListingMismatch(listed, reported, settling, changed);
		for (const name of gone) report(name, undefined);
		for (const name of unreported) {
			const fingerprint = statFingerprintNow(`${directory}/${name}`, options.nofollow === true);
			if (fingerprint !== undefined) settle(name, fingerprint);
		}
	};

	// one synchronous pass lists the files and finds those changed since the last scan (src/monitor/vassal-scanner.ts);
	// the changed ones are stat'ed RESCAN_CHUNK at a time with a turn of the loop between two: one wake-up per
	// period however many files there are, and no long stall while a thousand files land
	const scan = async (immediate: boolean) => {
		if (immediate) scanner.reset();
		let changes: ScanChanges;
		try {
			changes = scanner.scan();
		} catch (error) {
			handlers.onError(error as Error, `cannot list ${directory}`);
			// the next scan starts afresh: the files of a directory that comes back are all looked at again
			scanner.reset();
			// a vanished directory means its vassals are gone; any other error is retried on the next scan
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return;
			changes = {changed: [], gone: [], isComplete: true};
		}
		const {changed, gone, isComplete} = changes;
		if (isComplete) listed.clear();
		for (const name of gone) listed.delete(name);
		for (const name of changed) listed.add(name);
		reconcileWithListing(changed);
		for (let start = 0; start < changed.length; start += RESCAN_CHUNK) {
			if (start > 0) await new Promise(setImmediate);
			if (closed) return;
			for (let index = start; index < Math.min(start + RESCAN_CHUNK, changed.length); index++) {
				const name = changed[index]!;
				const fingerprint = statFingerprintNow(`${directory}/${name}`, options.nofollow === true);
				if (immediate) report(name, fingerprint);
				else if (!isSameFingerprint(reported.get(name), fingerprint)) settle(name, fingerprint);
			}
		}
	};

	// chokidar follows a symlinked directory to its target; a new target needs a new watcher
	const startWatcher = (): {watcher: FSWatcher; ready: Promise<void>} => {
		const watcher = watch(directory, {depth: 0, ignoreInitial: true, atomic: false, ignorePermissionErrors: true});
		watcher.on('all', function onWatchEvent(event, path) {
			if (resolve(path) === directory && (event === 'unlinkDir' || event === 'addDir')) void rewatch();
			if (dirname(resolve(path)) !== directory) return;
			void noteName(basename(path));
		});
		watcher.on('error', function onWatchError(error) {
			handlers.onError(error as Error, `watching ${directory}`);
		});
		return {watcher, ready: new Promise<void>(resolveReady => watcher.once('ready', resolveReady))};
	};

	let current = startWatcher();
	let identity: DirectoryIdentity | undefined;
	void readDirectoryIdentity(directory).then(found => {
		identity = found;
	});

	// the directory was removed, recreated or swapped: watch what the path names now, then rescan it
	let rewatching: Promise<void> = Promise.resolve();
	const rewatch = () => {
		rewatching = rewatching.then(async () => {
			const found = await readDirectoryIdentity(directory);
			if (closed || isSameDirectory(found, identity)) return;
			identity = found;
			const previous = current;
			current = startWatcher();
			await previous.watcher.close();
			if (found !== undefined) await current.ready;
			await scan(false);
		});
		return rewatching;
	};
	const stopGuard = guardDirectory(directory, () => void rewatch(), error => handlers.onError(error, `watching the parent of ${directory}`));
	const rescanTimer = setInterval(() => void scan(false), options.freqSeconds * 1000);

	return {
		async initialScan() {
			// the files there now are reported at once (a start does not wait for the watcher to be set up), and
			// a second pass once it watches catches a file that landed or changed in between
			await scan(true);
			void current.ready.then(() => (closed ? undefined : scan(false)));
		},
		rescan: () => scan(false),
		async close() {
			closed = true;
			clearInterval(rescanTimer);
			for (const timer of settling.values()) clearTimeout(timer);
			settling.clear();
			stopGuard();
			await rewatching;
			await current.watcher.close();
		},
	};
};
