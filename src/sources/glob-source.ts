import {lstatSync, statSync, watch as watchDirectory, type FSWatcher} from 'node:fs';
import {basename, resolve} from 'node:path';
import type {DirectoryMonitor, FileObservation, MonitorHandlers} from '../monitor/directory-monitor.js';
import {fingerprintOf, isSameFingerprint, type FileFingerprint} from '../monitor/file-fingerprint.js';
import {isVassalName} from '../monitor/vassal-name.js';
import {expandGlob} from './glob-expand.js';
import {compileGlob} from './glob-pattern.js';

export type GlobSourceOptions = {
	readonly pattern: string;
	/** where a relative pattern is matched from: the emperor's working directory */
	readonly cwd: string;
	readonly freqSeconds: number;
	readonly settleMs: number;
	/** lstat instead of stat: a symlink is seen as itself (uWSGI --emperor-nofollow) */
	readonly nofollow?: boolean;
};

export type GlobSourceHandlers = MonitorHandlers & {
	/** the first scan matched nothing: fine, the source watches for the first match */
	onNoMatch?: () => void;
};

// uWSGI keeps a vassal name in 255 bytes; a glob vassal's name is its path
const MAX_NAME_LENGTH = 254;

// true for a matched path the emperor runs as a vassal: its file name is a vassal name, the whole path fits
const isGlobVassal = (path: string): boolean => isVassalName(basename(path)) && Buffer.byteLength(path) <= MAX_NAME_LENGTH;

// a regular file (or, not following links, a symlink) as its fingerprint; anything else is no vassal
const statVassal = (path: string, nofollow: boolean): FileFingerprint | undefined => {
	try {
		const stats = (nofollow ? lstatSync : statSync)(path, {bigint: true, throwIfNoEntry: false});
		return stats !== undefined && (stats.isFile() || (nofollow && stats.isSymbolicLink())) ? fingerprintOf(stats) : undefined;
	} catch {
		return undefined;
	}
};

// the inode a path names now (following links), or -1 when it names nothing
const inodeOf = (path: string): number => {
	try {
		return statSync(path, {throwIfNoEntry: false})?.ino ?? -1;
	} catch {
		return -1;
	}
};

// watches a glob pattern: one vassal per matching *.ini file, named by the matched path as uWSGI names glob
// vassals; every directory that decides a match is watched (inotify, through fs.watch), so a new match — a new
// directory under a `*` included — is seen at once; a rescan every freq seconds is the safety net, and a settle
// window reads a file still being written once, when it is quiet (the same observations as a directory monitor)
export const startGlobSource = (options: GlobSourceOptions, handlers: GlobSourceHandlers): DirectoryMonitor => {
	const pattern = compileGlob(options.pattern);
	const nofollow = options.nofollow === true;
	const absoluteOf = (name: string) => resolve(options.cwd, name);
	const reported = new Map<string, FileFingerprint>();
	const settling = new Map<string, NodeJS.Timeout>();
	// each watch with the inode it was placed on: a directory removed and recreated (or a symlink swapped) gets a new one
	const watchers = new Map<string, {watcher: FSWatcher; ino: number}>();
	const failing = new Set<string>();
	let closed = false;
	let queued: NodeJS.Immediate | undefined;

	const report = (name: string, fingerprint: FileFingerprint | undefined) => {
		if (fingerprint === undefined ? !reported.has(name) : isSameFingerprint(reported.get(name), fingerprint)) return;
		if (fingerprint === undefined) reported.delete(name);
		else reported.set(name, fingerprint);
		handlers.onFile({name, fingerprint} satisfies FileObservation);
	};

	const settle = (name: string, seen: FileFingerprint | undefined) => {
		if (closed || settling.has(name)) return;
		settling.set(name, setTimeout(function onSettled() {
			settling.delete(name);
			if (closed) return;
			// the file may have stopped matching meanwhile (its directory renamed): the next scan reports that
			const now = statVassal(absoluteOf(name), nofollow);
			const isQuiet = now === undefined ? seen === undefined : isSameFingerprint(now, seen);
			if (isQuiet) report(name, now);
			else settle(name, now);
		}, options.settleMs));
	};

	// one scan per burst of events: a file written in many chunks, or a tree unpacked, costs one pass
	const queueScan = () => {
		if (closed || queued !== undefined) return;
		queued = setImmediate(() => {
			queued = undefined;
			scan(false);
		});
	};

	// watches exactly the directories the last expansion named; true when one was added (a new one to look into)
	const syncWatchers = (wanted: ReadonlySet<string>): boolean => {
		for (const [directory, {watcher, ino}] of watchers) {
			if (wanted.has(directory) && inodeOf(directory) === ino) continue;
			watcher.close();
			watchers.delete(directory);
		}
		let added = false;
		for (const directory of wanted) {
			if (watchers.has(directory)) continue;
			try {
				const watcher = watchDirectory(directory, {persistent: false}, queueScan);
				watcher.on('error', function onWatchError() {
					// the directory went away: forget its watcher, the scan decides what now
					watcher.close();
					if (watchers.get(directory)?.watcher === watcher) watchers.delete(directory);
					queueScan();
				});
				watchers.set(directory, {watcher, ino: inodeOf(directory)});
				added = true;
			} catch (error) {
				// gone between the listing and now, or not readable: the next scan (or the rescan) tries again
				if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && !failing.has(directory)) handlers.onError(error as Error, `watching ${directory}`);
			}
		}
		return added;
	};

	// one synchronous pass: expand the pattern, watch what decides it, report what appeared, changed or went away
	const scan = (immediate: boolean) => {
		if (closed) return;
		const expansion = expandGlob(pattern, options.cwd);
		const nowFailing = new Set(expansion.errors.map(({directory}) => directory));
		for (const {directory, error} of expansion.errors) if (!failing.has(directory)) handlers.onError(error, `cannot list ${directory}`);
		failing.clear();
		for (const directory of nowFailing) failing.add(directory);
		const found = new Map<string, FileFingerprint>();
		for (const name of expansion.matches.filter(isGlobVassal)) {
			const fingerprint = statVassal(absoluteOf(name), nofollow);
			if (fingerprint !== undefined) found.set(name, fingerprint);
		}
		for (const name of reported.keys()) if (!found.has(name)) report(name, undefined);
		for (const [name, fingerprint] of found) {
			if (immediate) report(name, fingerprint);
			else if (!isSameFingerprint(reported.get(name), fingerprint)) settle(name, fingerprint);
		}
		// a directory created between its parent's listing and its watch: look again, now that it is watched
		if (syncWatchers(expansion.watched)) queueScan();
	};

	const rescanTimer = setInterval(() => scan(false), options.freqSeconds * 1000);

	return {
		async initialScan() {
			scan(true);
			if (reported.size === 0) handlers.onNoMatch?.();
		},
		async rescan() {
			scan(false);
		},
		async close() {
			closed = true;
			clearInterval(rescanTimer);
			if (queued !== undefined) clearImmediate(queued);
			for (const timer of settling.values()) clearTimeout(timer);
			settling.clear();
			for (const {watcher} of watchers.values()) watcher.close();
			watchers.clear();
		},
	};
};
