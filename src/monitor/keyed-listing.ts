// the rescan's listing of a vassal directory: its vassal names and, where the native addon is built, a change key
// per file from one call that lists and stats them all (native/on-demand-socket/directory-scan.c); a file whose key
// did not move since the last scan needs no stat of its own (docs/benchmarks.md, "Quiet at rest")
import {readdirSync} from 'node:fs';
import {loadOnDemandNative} from '../on-demand/native-socket.js';
import {isVassalName, VASSAL_SUFFIX} from './vassal-name.js';

/** a key the scan could not take (the file vanished meanwhile): never the same as the last one */
export const NO_KEY = -1;

export type KeyedListing = {
	readonly names: string[];
	/** one per name, or none without the addon */
	readonly keys?: number[] | undefined;
};

type ScanDirectory = (path: string, suffix: string, nofollow: boolean) => [string[], Float64Array];

let scanDirectory: ScanDirectory | undefined | null = null;

const findScanDirectory = (): ScanDirectory | undefined => {
	if (scanDirectory !== null) return scanDirectory;
	const load = loadOnDemandNative();
	const candidate = load.ok ? (load.native as {scanDirectory?: unknown}).scanDirectory : undefined;
	scanDirectory = typeof candidate === 'function' ? (candidate as ScanDirectory) : undefined;
	return scanDirectory;
};

// lists directory's vassal files, with their keys where it can; throws as readdirSync does (code ENOENT when gone)
export const listVassalFiles = (directory: string, nofollow: boolean): KeyedListing => {
	const scan = findScanDirectory();
	if (scan === undefined) return {names: readdirSync(directory).filter(isVassalName)};
	const [listed, listedKeys] = scan(directory, VASSAL_SUFFIX, nofollow);
	const names: string[] = [];
	const keys: number[] = [];
	listed.forEach((name, index) => {
		if (!isVassalName(name)) return;
		names.push(name);
		keys.push(listedKeys[index]!);
	});
	return {names, keys};
};
