import type {VassalState} from '../vassal/vassal-state.js';

/** what readiness reads of a vassal */
export type VassalView = {readonly record: {readonly state: VassalState}; readonly isLive: () => boolean};

// true when a vassal need not be waited for: it announced it is up (byte 1, or 5 after a reload), or it failed,
// backs off, is invalid, exiled, idle or stopped; only `starting` and `reloading` are still on their way
export const hasSettled = (state: VassalState): boolean => state !== 'starting' && state !== 'reloading';

// the names among `names` whose vassal is still on its way up; a vassal that is gone is not waited for
export const awaitedVassals = (names: Iterable<string>, vassals: ReadonlyMap<string, VassalView>): string[] =>
	[...names].filter(name => {
		const vassal = vassals.get(name);
		return vassal !== undefined && !hasSettled(vassal.record.state);
	});

// the N of "The Emperor is governing N vassals": vassals with a live process, as uWSGI counts pid > -1
export const countGoverned = (vassals: ReadonlyMap<string, VassalView>): number =>
	[...vassals.values()].filter(vassal => vassal.isLive()).length;
