import type {VassalState} from '../vassal/vassal-state.js';

/** what readiness reads of a vassal */
export type VassalView = {readonly record: {readonly state: VassalState; readonly accepting?: boolean}; readonly isLive: () => boolean};

// true when a vassal need not be waited for: it accepts (byte 5, which uWSGI sends once the app is loaded, lazy-apps
// included; byte 1 comes before that), or it failed, backs off, is invalid, exiled, idle or stopped; `starting`,
// `reloading` and `overlapping` are still on their way, and so is a `running` vassal that has not accepted yet
export const hasSettled = (record: VassalView['record']): boolean => {
	if (record.state === 'starting' || record.state === 'reloading' || record.state === 'overlapping') return false;
	return record.state !== 'running' || record.accepting !== false;
};

// the names among `names` whose vassal is still on its way up; a vassal that is gone is not waited for
export const awaitedVassals = (names: Iterable<string>, vassals: ReadonlyMap<string, VassalView>): string[] =>
	[...names].filter(name => {
		const vassal = vassals.get(name);
		return vassal !== undefined && !hasSettled(vassal.record);
	});

// the N of "The Emperor is governing N vassals": vassals with a live process, as uWSGI counts pid > -1
export const countGoverned = (vassals: ReadonlyMap<string, VassalView>): number =>
	[...vassals.values()].filter(vassal => vassal.isLive()).length;
