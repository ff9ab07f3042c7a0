import type {VassalRecord} from '../vassal/vassal-state.js';
import type {Usage} from '../resources/vassal-usage.js';
import type {SourceStatus} from '../sources/source-status.js';

export type EmperorFacts = {
	readonly version: string;
	readonly pid: number;
	readonly uid: number;
	readonly gid: number;
	readonly cwd: string;
	readonly directory: string;
	readonly tyrant: boolean;
	/** every vassal source with its kind and state (passwords masked) */
	readonly sources?: readonly SourceStatus[];
};

export type VassalFacts = {
	readonly record: VassalRecord;
	/** the config file's mtime, ms since the epoch */
	readonly fileMtimeMs: number | undefined;
	readonly uid: number;
	readonly gid: number;
	readonly onDemand: string;
	/** a program vassal's STATUS= (sd_notify) */
	readonly status?: string | undefined;
	/** memory (bytes) and CPU (seconds) of the vassal's whole process tree, when they were read */
	readonly usage?: Usage | undefined;
};

const seconds = (ms: number | undefined): number => (ms === undefined ? 0 : Math.floor(ms / 1000));
const flag = (value: boolean): number => (value ? 1 : 0);

// every process of the vassal: the serving generation, during an overlap the new one, and old ones finishing requests
export const describeGenerations = (record: VassalRecord) => [
	...(record.pid === undefined ? [] : [{
		id: record.generation, role: 'serving', pid: record.pid, started_at: seconds(record.startedAt), ready: flag(record.ready), accepting: flag(record.accepting),
	}]),
	...(record.successor === undefined ? [] : [{
		id: record.successor.id, role: 'new', pid: record.successor.pid ?? -1, started_at: seconds(record.successor.startedAt),
		ready: flag(record.successor.ready), accepting: flag(record.successor.accepting), deadline: seconds(record.successor.deadlineAt),
	}]),
	...record.retiring.map(old => ({
		id: old.id, role: 'old', pid: old.pid ?? -1, started_at: seconds(old.startedAt), ready: flag(old.ready), accepting: flag(old.accepting),
		deadline: seconds(old.deadlineAt), reason: old.reason ?? null,
	})),
];

// one vassal as uWSGI's emperor stats show it, plus emperor's own fields (added, never renamed)
const describeVassal = ({record, fileMtimeMs, uid, gid, onDemand, status, usage}: VassalFacts, directory: string) => ({
	id: record.name,
	pid: record.pid ?? -1,
	born: seconds(fileMtimeMs),
	last_mod: seconds(fileMtimeMs),
	last_heartbeat: seconds(record.lastHeartbeatAt),
	loyal: flag(record.loyal),
	ready: flag(record.ready),
	accepting: flag(record.accepting),
	last_loyal: seconds(record.lastLoyalAt),
	last_ready: seconds(record.lastReadyAt),
	last_accepting: seconds(record.lastAcceptingAt),
	first_run: seconds(record.firstRunAt),
	last_run: seconds(record.lastRunAt),
	cursed: seconds(record.cursedAt),
	zerg: 0,
	on_demand: onDemand,
	uid,
	gid,
	monitor: directory,
	respawns: record.respawns,
	state: record.state,
	spawns: record.spawns,
	wakes: record.wakes,
	started_at: seconds(record.startedAt),
	last_exit: record.lastExit === undefined ? null : {...record.lastExit, at: seconds(record.lastExit.at)},
	backoff_until: record.deadline?.kind === 'backoff' ? seconds(record.deadline.at) : 0,
	generation: record.generation,
	generations: describeGenerations(record),
	status: status ?? null,
	reload_failed: record.failedReload === undefined ? null : {...record.failedReload, at: seconds(record.failedReload.at)},
	// the whole process tree's: PSS (or the cgroup's memory.current) in bytes, user + system CPU in seconds
	memory: usage?.memory ?? 0,
	cpu: Math.round((usage?.cpu ?? 0) * 100) / 100,
});

// a vassal waiting in backoff, as uWSGI's blacklist shows it (throttle_level in ms)
const describeBackoff = ({record}: VassalFacts, now: number) => ({
	id: record.name,
	throttle_level: record.deadline === undefined ? 0 : Math.max(0, record.deadline.at - (record.lastExit?.at ?? now)),
	attempt: record.quickDeaths,
	first_attempt: seconds(record.startedAt),
	last_attempt: seconds(record.lastExit?.at),
});

// the emperor stats document, with the keys and meanings of uWSGI 2.0's --emperor-stats
export const buildStatsDocument = (emperor: EmperorFacts, vassals: readonly VassalFacts[], now: number) => ({
	version: emperor.version,
	pid: emperor.pid,
	uid: emperor.uid,
	gid: emperor.gid,
	cwd: emperor.cwd,
	emperor: [emperor.directory],
	emperor_tyrant: flag(emperor.tyrant),
	throttle_level: 0,
	vassals: vassals.map(vassal => describeVassal(vassal, emperor.directory)),
	blacklist: vassals.filter(vassal => vassal.record.state === 'backoff').map(vassal => describeBackoff(vassal, now)),
	// not in uWSGI's document: where vassals come from, and whether each source sees them now
	sources: (emperor.sources ?? []).map(source => ({spec: source.spec, kind: source.kind, state: source.state, since: Math.floor(source.since / 1000), detail: source.detail ?? ''})),
});

export type StatsDocument = ReturnType<typeof buildStatsDocument>;
export type VassalStats = StatsDocument['vassals'][number];
