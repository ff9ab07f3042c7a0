// the vassal as data: states, events, effects and the record the transitions rewrite

export const VASSAL_STATES = [
	'invalid', 'on-demand', 'starting', 'running', 'reloading', 'stopping', 'backoff', 'idle', 'exiled', 'stopped',
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
	| {type: 'file-added'; onDemandSocket?: string | undefined; runsAtOnce?: boolean | undefined}
	| {type: 'file-changed'; onDemandSocket?: string | undefined; runsAtOnce?: boolean | undefined}
	| {type: 'file-removed'}
	| {type: 'config-invalid'}
	| {type: 'spawned'; pid: number}
	| {type: 'spawn-failed'; reason: string}
	/** the on-demand socket could not be bound */
	| {type: 'listen-failed'; reason: string}
	| {type: 'byte'; byte: number}
	| {type: 'channel-closed'}
	| {type: 'exited'; code: number | null; signal: string | null}
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

// why a vassal is being stopped, decided once when the stop is decided
export type StopReason = 'file-removed' | 'shutdown' | 'idle' | 'heartbeat-lost' | 'restart' | 'operator' | 'refused';

export type DeadlineKind = 'backoff' | 'curse' | 'heartbeat';

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
	readonly cursedAt?: number;
	/** the single deadline of this vassal (s6 style): a timer that fires is the `deadline` event */
	readonly deadline?: {readonly kind: DeadlineKind; readonly at: number};
};

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type Effect =
	| {type: 'spawn'}
	/** bind the record's on-demand socket (again, when its settings changed); the vassal waits there while on-demand */
	| {type: 'listen'}
	| {type: 'send'; byte: 0 | 1 | 2; reason: string}
	| {type: 'kill'; signal: 'SIGKILL'; reason: string}
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
});

// states in which a vassal process exists
export const isLiveState = (state: VassalState): boolean =>
	state === 'starting' || state === 'running' || state === 'reloading' || state === 'stopping';
