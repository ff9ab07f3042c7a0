import type {BigIntStats} from 'node:fs';

// what identifies one version of a vassal file, and who owns it: a change of any part is reported
export type FileFingerprint = {
	readonly mtimeNs: bigint;
	readonly size: bigint;
	readonly ino: bigint;
	readonly uid: number;
	readonly gid: number;
	/** permission bits, e.g. 0o644 */
	readonly mode: number;
	/** true when the name is a symlink (only seen when the monitor does not follow links) */
	readonly isSymlink: boolean;
};

// the fingerprint of a stat (or lstat) taken with {bigint: true}
export const fingerprintOf = (stats: BigIntStats): FileFingerprint => ({
	mtimeNs: stats.mtimeNs,
	size: stats.size,
	ino: stats.ino,
	uid: Number(stats.uid),
	gid: Number(stats.gid),
	mode: Number(stats.mode & 0o7777n),
	isSymlink: stats.isSymbolicLink(),
});

// true when both name the same content version (mtime in nanoseconds, so `touch` always counts)
export const isSameVersion = (a: FileFingerprint | undefined, b: FileFingerprint | undefined): boolean =>
	a !== undefined && b !== undefined && a.mtimeNs === b.mtimeNs && a.size === b.size && a.ino === b.ino;

// true when owner, group and permission bits are the same
export const isSameOwnership = (a: FileFingerprint, b: FileFingerprint): boolean =>
	a.uid === b.uid && a.gid === b.gid && a.mode === b.mode && a.isSymlink === b.isSymlink;

// true when nothing the emperor looks at changed
export const isSameFingerprint = (a: FileFingerprint | undefined, b: FileFingerprint | undefined): boolean =>
	isSameVersion(a, b) && isSameOwnership(a!, b!);
