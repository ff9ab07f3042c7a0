// SIGHUP reloads every vassal, overlapping at most N at a time: each overlap runs two generations (twice the memory)

/** what the queue reads of a vassal and asks of it */
export type ReloadableVassal = {readonly record: {readonly state: string}; readonly dispatch: (event: {type: 'reload'; reason: 'reload-all'}) => void};

export type ReloadQueue = {
	/** queues a reload of every vassal given (a vassal already queued stays where it is) */
	reloadAll: (vassals: Iterable<ReloadableVassal>) => void;
	/** reloads the next ones once overlaps ended; call after every vassal event */
	pump: () => void;
	readonly pending: number;
};

// how many more vassals may start a reload now: overlaps end as new generations accept (or fail)
export const countReloadsToStart = (queued: number, overlapping: number, limit: number): number =>
	Math.max(0, Math.min(queued, limit - overlapping));

// a queue of reload-all requests, fed to the vassals as the concurrency limit allows
export const makeReloadQueue = (limit: number, all: () => Iterable<ReloadableVassal>): ReloadQueue => {
	const queue: ReloadableVassal[] = [];
	const countOverlapping = () => {
		let count = 0;
		for (const vassal of all()) if (vassal.record.state === 'overlapping') count++;
		return count;
	};
	// not re-entered: each reload settles a vassal, which calls pump again
	let isPumping = false;
	const pump = () => {
		if (isPumping) return;
		isPumping = true;
		try {
			while (queue.length > 0 && countReloadsToStart(queue.length, countOverlapping(), limit) > 0) {
				// a vassal that reloads in place (or rests) never enters the overlap: the loop goes on to the next one
				queue.shift()!.dispatch({type: 'reload', reason: 'reload-all'});
			}
		} finally {
			isPumping = false;
		}
	};
	return {
		reloadAll(vassals) {
			for (const vassal of vassals) if (!queue.includes(vassal)) queue.push(vassal);
			pump();
		},
		pump() {
			if (queue.length > 0) pump();
		},
		get pending() {
			return queue.length;
		},
	};
};
