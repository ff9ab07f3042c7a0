import {isSameOwnership, isSameVersion, type FileFingerprint} from '../monitor/file-fingerprint.js';
import type {VassalState} from '../vassal/vassal-state.js';

export type FileAction = 'add' | 'change' | 'remove' | 'ignore' | 'permissions-changed';

// what a settled file observation means for the vassal of that name; owner and mode matter in tyrant mode only
export const planFileAction = (
	vassal: {readonly state: VassalState} | undefined,
	known: FileFingerprint | undefined,
	seen: FileFingerprint | undefined,
	isTyrant = false,
): FileAction => {
	if (seen === undefined) return vassal === undefined ? 'ignore' : 'remove';
	if (vassal === undefined) return 'add';
	if (known === undefined || !isSameVersion(known, seen)) return 'change';
	if (isSameOwnership(known, seen)) return 'ignore';
	return isTyrant ? 'permissions-changed' : 'ignore';
};

export type ShutdownProgress = {readonly live: readonly string[]; readonly isBuried: boolean};

// which vassals still have a process during shutdown; the emperor is buried when none has
export const planShutdown = (vassals: Iterable<{readonly name: string; readonly isLive: () => boolean}>): ShutdownProgress => {
	const live = [...vassals].filter(vassal => vassal.isLive()).map(vassal => vassal.name);
	return {live, isBuried: live.length === 0};
};
