import type {BigIntStats} from 'node:fs';

// what identifies one version of a vassal file: a change of any part is a change of the file
export type FileFingerprint = {readonly mtimeNs: bigint; readonly size: bigint; readonly ino: bigint};

// the fingerprint of a stat taken with {bigint: true}
export const fingerprintOf = (stats: BigIntStats): FileFingerprint => ({mtimeNs: stats.mtimeNs, size: stats.size, ino: stats.ino});

// true when two fingerprints name the same version of a file (mtime in nanoseconds, so `touch` always counts)
export const isSameFingerprint = (a: FileFingerprint | undefined, b: FileFingerprint | undefined): boolean =>
	a !== undefined && b !== undefined && a.mtimeNs === b.mtimeNs && a.size === b.size && a.ino === b.ino;
