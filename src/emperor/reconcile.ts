import type {FileFingerprint} from '../monitor/file-fingerprint.js';
import type {VassalState} from '../vassal/vassal-state.js';

export type FileAction = 'add' | 'change' | 'remove' | 'ignore';

// what a settled file observation means for the vassal of that name
export const planFileAction = (vassal: {readonly state: VassalState} | undefined, fingerprint: FileFingerprint | undefined): FileAction => {
	if (fingerprint === undefined) return vassal === undefined ? 'ignore' : 'remove';
	return vassal === undefined ? 'add' : 'change';
};

export type ShutdownProgress = {readonly live: readonly string[]; readonly isBuried: boolean};

// which vassals still have a process during shutdown; the emperor is buried when none has
export const planShutdown = (vassals: Iterable<{readonly name: string; readonly isLive: () => boolean}>): ShutdownProgress => {
	const live = [...vassals].filter(vassal => vassal.isLive()).map(vassal => vassal.name);
	return {live, isBuried: live.length === 0};
};
