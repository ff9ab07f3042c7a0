// what a directory's listing and the files reported from it disagree on, whatever the watcher or a failed stat did
// in between: the rescan's self-repair, which no periodic full scan needs to do (a pure decision)

export type ListingMismatch = {
	/** reported, and no longer listed: gone */
	readonly gone: readonly string[];
	/** listed, never reported, not settling nor just changed: to be looked at again */
	readonly unreported: readonly string[];
};

const NO_MISMATCH: ListingMismatch = {gone: [], unreported: []};

// compares the names the scanner lists with those reported; changed (this scan's) and settling are being handled
export const findListingMismatch = (
	listed: ReadonlySet<string>,
	reported: ReadonlyMap<string, unknown>,
	settling: ReadonlyMap<string, unknown>,
	changed: readonly string[],
): ListingMismatch => {
	const gone: string[] = [];
	for (const name of reported.keys()) if (!listed.has(name)) gone.push(name);
	// what stays reported is listed: the same size means the same names (the case at rest, in O(1))
	if (listed.size === reported.size - gone.length) return gone.length === 0 ? NO_MISMATCH : {gone, unreported: []};
	const handled = new Set(changed);
	const unreported: string[] = [];
	for (const name of listed) if (!handled.has(name) && !reported.has(name) && !settling.has(name)) unreported.push(name);
	return {gone, unreported};
};
