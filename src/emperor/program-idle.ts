// `idle = N` of program vassals: one read of /proc/net per period for all of them; a program whose held socket saw
// no connection for N seconds is stopped (as uWSGI's die-on-idle) and sleeps on its socket again
import {findSocketInode, isListenerActive, measureListenerActivity, readSocketTables} from '../launch/socket-activity.js';
import {FROM_VASSAL} from '../protocol/emperor-bytes.js';
import type {Vassal} from '../vassal/vassal.js';

type Watched = {inode?: number; generation: number; quietSince: number; seen: ReadonlySet<string>};

// true when a vassal that was quiet since quietSince has been quiet for its idle period
export const isIdleFor = (quietSince: number, now: number, idleSeconds: number): boolean => now - quietSince >= idleSeconds * 1000;

// the check period: half the shortest idle period among the vassals, at least a second
export const idleCheckPeriodMs = (idleSeconds: readonly number[]): number | undefined =>
	(idleSeconds.length === 0 ? undefined : Math.max(1000, (Math.min(...idleSeconds) * 1000) / 2));

// watches the idle programs among the vassals; sync() after every vassal event arms or drops the one timer
export const startProgramIdleWatch = (vassals: () => Iterable<Vassal>, now: () => number = Date.now) => {
	const watched = new Map<Vassal, Watched>();
	let timer: NodeJS.Timeout | undefined;
	let periodMs: number | undefined;
	let isChecking = false;

	const candidates = () => [...vassals()].filter(vassal => vassal.record.state === 'running' && vassal.config?.program?.idleSeconds !== undefined && vassal.heldSocketFd() !== undefined);

	const check = async () => {
		if (isChecking) return;
		isChecking = true;
		try {
			const tables = await readSocketTables();
			for (const vassal of candidates()) {
				const entry = watched.get(vassal);
				if (entry?.generation !== vassal.record.generation) {
					watched.set(vassal, {generation: vassal.record.generation, quietSince: now(), seen: new Set(), inode: await findSocketInode(vassal.heldSocketFd()!)});
					continue;
				}
				if (entry.inode === undefined) continue;
				const activity = measureListenerActivity(tables, entry.inode, entry.seen);
				entry.seen = activity.seen;
				if (isListenerActive(activity)) entry.quietSince = now();
				else if (isIdleFor(entry.quietSince, now(), vassal.config!.program!.idleSeconds!)) {
					watched.delete(vassal);
					vassal.dispatch({type: 'byte', byte: FROM_VASSAL.idle, generation: vassal.record.generation});
				}
			}
		} catch {
			// /proc unreadable for a moment: the next period tries again, nothing is stopped meanwhile
		} finally {
			isChecking = false;
		}
	};

	return {
		sync() {
			const running = candidates();
			for (const vassal of watched.keys()) if (!running.includes(vassal)) watched.delete(vassal);
			const next = idleCheckPeriodMs(running.map(vassal => vassal.config!.program!.idleSeconds!));
			if (next === periodMs) return;
			clearInterval(timer);
			periodMs = next;
			timer = next === undefined ? undefined : setInterval(() => void check(), next);
		},
		stop() {
			clearInterval(timer);
			timer = undefined;
			periodMs = undefined;
		},
	};
};
