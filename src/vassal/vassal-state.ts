// the vassal as data: states, events, effects and the record the transitions rewrite

export const VASSAL_STATES = [
	'invalid', 'on-demand', 'starting', 'running', 'reloading', 'overlapping', 'stopping', 'backoff', 'idle', 'exiled', 'stopped',
] as const;
export type VassalState = (typeof VASSAL_STATES)[number];

export const VASSAL_EVENT_TYPES = [
	'file-added', 'file-changed', 'file-removed', 'config-invalid', 'spawned', 'spawn-failed', 'listen-failed', 'byte',
	'channel-closed', 'exited', 'deadline', 'demand', 'reload', 'restart', 'stop', 'shutdown', 'retry',
] as const;
export type VassalEventType = (typeof VASSAL_EVENT_TYPES)[number];

export type VassalEvent =
	/** a file read and accepted; onDemandSocket: the socket the emperor holds for it, if any; runsAtOnce: `on-demand = false`,
	 * the vassal runs on the held socket instead of sleeping there (the Vassal fills both in) */
	| ({type: 'file-added'} & HeldSocketSettings)
	| ({type: 'file-changed'} & HeldSocketSettings)
	| {type: 'file-removed'}
	| {type: 'config-invalid'}
	| {type: 'spawned'; pid: number; generation?: number}
	| {type: 'spawn-failed'; reason: string; generation?: number}
	/** the on-demand socket could not be bound */
	| {type: 'listen-failed'; reason: string}
	| {type: 'byte'; byte: number; generation?: number}
	| {type: 'channel-closed'; generation?: number}
	| {type: 'exited'; code: number | null; signal: string | null; generation?: number}
	| {type: 'deadline'}
	/** a connection is pending on the held on-demand socket */
	| {type: 'demand'}
	/** a graceful reload asked by an operator: SIGHUP (`reload-all`) or `emperor reload NAME` (`operator`) */
	| {type: 'reload'; reason: 'reload-all' | 'operator'}
	/** stop, then spawn again with the current config (tyrant mode: the file's owner changed) */
	| {type: 'restart'}
	/** stop and stay stopped until the file changes or a retry: `emperor stop NAME`, or a file tyrant mode refuses */
	| {type: 'stop'; reason: 'operator' | 'refused'}
	| {type: 'shutdown'}
	| {type: 'retry'};

/** what a file event says of the vassal's held socket (the Vassal fills it in from the last good config) */
export type HeldSocketSettings = {
	readonly onDemandSocket?: string | undefined;
	readonly runsAtOnce?: boolean | undefined;
	/** how a reload runs on the held socket: a new generation beside the old one, or uWSGI's byte 1 */
	readonly reloadMode?: ReloadMode | undefined;
	/** how long a new generation may take to accept before the overlap is given up */
	readonly reloadTimeoutMs?: number | undefined;
};

export type ReloadMode = 'overlap' | 'in-place';

// why a vassal is being stopped, decided once when the stop is decided
export type StopReason = 'file-removed' | 'shutdown' | 'idle' | 'heartbeat-lost' | 'restart' | 'operator' | 'refused';

export type DeadlineKind = 'backoff' | 'curse' | 'heartbeat';

/** a process of the vassal beside its serving one: the new generation of an overlap, or an old one asked to stop */
export type Generation = {
	/** the spawn count when it was started: process events carry it */
	readonly id: number;
	readonly pid?: number;
	readonly startedAt: number;
	readonly ready: boolean;
	readonly accepting: boolean;
	/** the new generation: its reload timeout; an old one: its curse, after which it is killed */
	readonly deadlineAt: number;
	/** an old generation: why it stops */
	readonly reason?: string;
};

/** a new generation that did not become ready: the serving one stays until the file changes again */
export type FailedReload = {readonly at: number; readonly reason: string; readonly generation: number};

export type LastExit = {code: number | null; signal: string | null; at: number; reason: string};

export type VassalRecord = {
	readonly name: string;
	readonly state: VassalState;
	readonly pid?: number;
	readonly ready: boolean;
	readonly accepting: boolean;
	readonly loyal: boolean;
	readonly lastReadyAt?: number;
	readonly lastAcceptingAt?: number;
	readonly lastLoyalAt?: number;
	readonly lastHeartbeatAt?: number;
	/** when the current process was spawned */
	readonly startedAt?: number;
	readonly firstRunAt?: number;
	readonly lastRunAt?: number;
	/** graceful reloads (byte 1) of the current process, as uWSGI counts them */
	readonly respawns: number;
	/** processes spawned for this vassal since the emperor started */
	readonly spawns: number;
	/** the socket the emperor holds for this vassal, as configured: it sleeps there and wakes on a connection */
	readonly onDemandSocket?: string;
	/** `[emperor] on-demand = false`: with a held socket, run at once (and respawn at once) instead of sleeping there */
	readonly runsAtOnce?: boolean;
	/** spawns caused by a connection on the on-demand socket */
	readonly wakes: number;
	/** consecutive deaths that backed off (never served, or too many in the restart period); drives the backoff */
	readonly quickDeaths: number;
	/** when the vassal died after serving, newest first, within the restart period: the restart intensity's window */
	readonly recentDeaths: readonly number[];
	readonly lastExit?: LastExit;
	readonly stopReason?: StopReason;
	/** the spawn count when the serving process was started: its events carry it */
	readonly generation: number;
	/** how a reload runs (overlap needs a held socket) and how long a new generation may take */
	readonly reloadMode?: ReloadMode;
	readonly reloadTimeoutMs?: number;
	/** during an overlap: the new generation, not serving yet */
	readonly successor?: Generation;
	/** old generations asked to stop, finishing their requests in flight */
	readonly retiring: readonly Generation[];
	/** the last overlap that failed: a respawn uses the config of the generation that served */
	readonly failedReload?: FailedReload;
	readonly cursedAt?: number;
	/** the single deadline of this vassal (s6 style): a timer that fires is the `deadline` event */
	readonly deadline?: {readonly kind: DeadlineKind; readonly at: number};
};

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type Effect =
	/** a new process; generation: its id; fromKept: from the config of the generation that served, not the file */
	| {type: 'spawn'; generation?: number; fromKept?: boolean}
	/** bind the record's on-demand socket (again, when its settings changed); the vassal waits there while on-demand */
	| {type: 'listen'}
	/** to the serving process, or to the generation named */
	| {type: 'send'; byte: 0 | 1 | 2; reason: string; generation?: number}
	| {type: 'kill'; signal: 'SIGKILL'; reason: string; generation?: number}
	/** the new generation serves: its config is the one to keep for respawns */
	| {type: 'promote'; generation: number}
	| {type: 'log'; level: LogLevel; event: string; fields?: Record<string, unknown>}
	| {type: 'forget'};

// a vassal seen for the first time: nothing runs yet
export const makeVassalRecord = (name: string): VassalRecord => ({
	name,
	state: 'stopped',
	ready: false,
	accepting: false,
	loyal: false,
	respawns: 0,
	spawns: 0,
	wakes: 0,
	quickDeaths: 0,
	recentDeaths: [],
	generation: 0,
	retiring: [],
});

// states in which a vassal process exists
export const isLiveState = (state: VassalState): boolean =>
	state === 'starting' || state === 'running' || state === 'reloading' || state === 'overlapping' || state === 'stopping';

// true while any process of the vassal exists: the serving one, a new generation or an old one finishing
export const hasProcesses = (record: VassalRecord): boolean =>
	isLiveState(record.state) || record.successor !== undefined || record.retiring.length > 0;

// every process of the vassal with its generation: the serving one, the new one of an overlap, old ones stopping
export const listProcesses = (record: VassalRecord): {readonly generation: number; readonly pid: number}[] =>
	[{id: record.generation, pid: record.pid}, ...(record.successor === undefined ? [] : [record.successor]), ...record.retiring]
		.flatMap(({id, pid}) => (pid === undefined ? [] : [{generation: id, pid}]));

// the generation an event of a process belongs to (undefined: the serving one, or not a process event)
export const generationOf = (event: VassalEvent): number | undefined =>
	'generation' in event ? event.generation : undefined;
