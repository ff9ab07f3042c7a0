// the building blocks of the transition table: each takes the vassal and an event and returns the next vassal and effects
import {FROM_VASSAL} from '../protocol/emperor-bytes.js';
import type {RestartPolicy} from './restart-policy.js';
import type {Effect, LogLevel, StopReason, VassalEvent, VassalRecord} from './vassal-state.js';

export type VassalPolicy = RestartPolicy & {
	readonly curseToleranceMs: number;
	/** 0 disables the heartbeat check */
	readonly requiredHeartbeatMs: number;
	readonly gracefulShutdown: boolean;
	/** how long a new generation of an overlap reload may take to accept, unless its file says otherwise */
	readonly reloadTimeoutMs: number;
	/** false for a program vassal: it has no byte 1, a reload without a held socket is a stop and a start */
	readonly hasInPlaceReload?: boolean;
};

export type TransitionInput<E extends VassalEvent = VassalEvent> = {
	readonly record: VassalRecord;
	readonly event: E;
	readonly now: number;
	readonly policy: VassalPolicy;
	/** a number in [0, 1) for the backoff jitter */
	readonly random: number;
};

export type TransitionResult = {readonly record: VassalRecord; readonly effects: readonly Effect[]};
export type Step = (input: TransitionInput) => TransitionResult;

// a log line effect
export const log = (level: LogLevel, event: string, fields?: Record<string, unknown>): Effect => ({type: 'log', level, event, fields});

// the process is gone: forget everything that belonged to it
export const withoutProcess = (record: VassalRecord): VassalRecord => ({
	...record, pid: undefined, ready: false, accepting: false, deadline: undefined, cursedAt: undefined, stopReason: undefined,
});

// nothing happens
export const stay: Step = ({record}) => ({record, effects: []});

// starts a new process now (after a failed reload, from the config of the generation that served, not from the file)
export const spawnNow: Step = ({record, now}) => ({
	record: {
		...withoutProcess(record),
		state: 'starting',
		generation: record.spawns + 1,
		loyal: false,
		startedAt: now,
		firstRunAt: record.firstRunAt ?? now,
		lastRunAt: now,
		respawns: 0,
		spawns: record.spawns + 1,
	},
	effects: [{type: 'spawn', generation: record.spawns + 1, fromKept: record.failedReload !== undefined}],
});

// no process: the emperor holds the vassal's on-demand socket and waits for a connection there
export const sleep: Step = ({record}) => ({
	record: {...withoutProcess(record), state: 'on-demand'},
	effects: [{type: 'listen'}, log('info', 'vassal-on-demand', {socket: record.onDemandSocket})],
});

// a held socket with \`on-demand = false\`: bind it (or keep it bound) and run the vassal on it at once
export const holdAndSpawn: Step = input => {
	const next = spawnNow(input);
	return {record: next.record, effects: [{type: 'listen'}, ...next.effects]};
};

// starts the vassal again: a new process now (on its held socket, if any), or, with an on-demand socket, at the next connection
export const resume: Step = input => {
	if (input.record.onDemandSocket === undefined) return spawnNow(input);
	return (input.record.runsAtOnce === true ? holdAndSpawn : sleep)(input);
};

// starts again and forgets earlier deaths (an operator asked for it)
export const retryNow: Step = input => resume({...input, record: {...input.record, quickDeaths: 0, recentDeaths: []}});

// the process exists: remember its pid
export const recordPid: Step = ({record, event}) => {
	const pid = event.type === 'spawned' ? event.pid : record.pid;
	return {record: {...record, pid}, effects: [log('info', 'vassal-spawned', {pid})]};
};

// asks the vassal to reload gracefully (byte 1)
export const reload = (reason: string): Step => ({record, now}) => ({
	record: {...record, state: 'reloading', respawns: record.respawns + 1, ready: false, accepting: false, lastRunAt: now},
	effects: [{type: 'send', byte: 1, reason}, log('info', 'vassal-reloading', {pid: record.pid, reason})],
});

// stops for the reason the event gives (an operator, or a refused file)
export const stopAsAsked: Step = input => stop(input.event.type === 'stop' ? input.event.reason : 'operator')(input);

// reloads for the reason the event gives (SIGHUP, or an operator's command)
export const reloadAsAsked: Step = input => reload(input.event.type === 'reload' ? input.event.reason : 'operator')(input);

// asks the vassal to stop (byte 0; 2, a graceful stop, with graceful shutdown or on a held socket) and arms the curse deadline;
// at shutdown the emperor's --reload-mercy decides instead, so a longer mercy is not cut short by the curse
export const stop = (reason: StopReason): Step => ({record, now, policy}) => ({
	record: {
		...record, state: 'stopping', stopReason: reason, cursedAt: now,
		deadline: reason === 'shutdown' ? undefined : {kind: 'curse', at: now + policy.curseToleranceMs},
	},
	effects: [
		// on a held socket the next generation (or the next emperor) takes the connections: let this one finish its own
		{type: 'send', byte: policy.gracefulShutdown || record.onDemandSocket !== undefined ? 2 : 0, reason},
		log('info', 'vassal-stopping', {pid: record.pid, reason}),
	],
});

// changes why a stopping vassal stops, unless the emperor itself is shutting down
export const restopFor = (reason: StopReason): Step => ({record}) =>
	record.stopReason === 'shutdown' ? {record, effects: []} : {record: {...record, stopReason: reason}, effects: []};

// a stop asked while the vassal already stops: remember the newest reason
export const restopAsAsked: Step = input => restopFor(input.event.type === 'stop' ? input.event.reason : 'operator')(input);

// forgets a vassal that runs nothing; one whose old generations still finish their requests is forgotten after them
export const forget: Step = ({record}) => {
	if (record.retiring.length > 0) return {record: {...withoutProcess(record), state: 'stopping', stopReason: 'file-removed'}, effects: []};
	return {
		record: {...withoutProcess(record), state: 'stopped'},
		// forget first: the vassal-removed line comes once its socket (if any) is closed and removed
		effects: [{type: 'forget'}, log('info', 'vassal-removed')],
	};
};

// moves a vassal that runs nothing to another resting state
export const rest = (state: 'stopped' | 'invalid'): Step => ({record}) => ({record: {...withoutProcess(record), state}, effects: []});

// a byte from the vassal: flags, and the state changes they imply
export const receiveByte: Step = input => {
	const {record, now, policy} = input;
	const byte = input.event.type === 'byte' ? input.event.byte : -1;
	const isStopping = record.state === 'stopping';
	const settle = (state: VassalRecord['state']) => (isStopping ? record.state : state);
	switch (byte) {
		case FROM_VASSAL.ready:
			return {
				record: {...record, ready: true, lastReadyAt: now, state: settle('running')},
				effects: [log('info', 'vassal-ready', {pid: record.pid})],
			};
		case FROM_VASSAL.accepting:
			return {
				record: {...record, accepting: true, lastAcceptingAt: now, state: record.state === 'reloading' ? 'running' : record.state},
				effects: [log('info', 'vassal-accepting', {pid: record.pid})],
			};
		case FROM_VASSAL.loyal:
			return {
				record: {...record, loyal: true, lastLoyalAt: now},
				effects: record.loyal ? [] : [log('info', 'vassal-loyal', {pid: record.pid})],
			};
		case FROM_VASSAL.heartbeat: {
			const watch = policy.requiredHeartbeatMs > 0 && !isStopping && record.deadline?.kind !== 'curse';
			return {
				record: {...record, lastHeartbeatAt: now, deadline: watch ? {kind: 'heartbeat', at: now + policy.requiredHeartbeatMs} : record.deadline},
				effects: [log('debug', 'vassal-heartbeat', {pid: record.pid})],
			};
		}
		case FROM_VASSAL.idle: {
			const effects = [log('info', 'vassal-idle', {pid: record.pid})];
			if (isStopping) return {record, effects};
			const next = stop('idle')(input);
			return {record: next.record, effects: [...effects, ...next.effects]};
		}
		default:
			return {record, effects: [log('debug', 'vassal-byte-ignored', {pid: record.pid, byte})]};
	}
};

// the vassal closed its end of the channel: a live process gets the curse deadline
export const channelClosed: Step = ({record, now, policy}) => {
	const effects = [log('info', 'vassal-channel-closed', {pid: record.pid})];
	if (record.state === 'stopping') return {record, effects};
	return {record: {...record, cursedAt: now, deadline: {kind: 'curse', at: now + policy.curseToleranceMs}}, effects};
};

// the single deadline of a live vassal fired: heartbeat lost, or curse tolerance over
export const liveDeadline: Step = input => {
	const {record, now, policy} = input;
	if (record.deadline?.kind === 'heartbeat') {
		return {
			record: {...record, state: 'stopping', stopReason: 'heartbeat-lost', cursedAt: now, deadline: {kind: 'curse', at: now + policy.curseToleranceMs}},
			effects: [{type: 'kill', signal: 'SIGKILL', reason: 'heartbeat-lost'}, log('warn', 'vassal-killed', {pid: record.pid, signal: 'SIGKILL', reason: 'heartbeat-lost'})],
		};
	}
	if (record.deadline?.kind === 'curse') {
		return {
			record: {...record, deadline: {kind: 'curse', at: now + policy.curseToleranceMs}},
			effects: [{type: 'kill', signal: 'SIGKILL', reason: 'curse-tolerance'}, log('warn', 'vassal-killed', {pid: record.pid, signal: 'SIGKILL', reason: 'curse-tolerance'})],
		};
	}
	return {record: {...record, deadline: undefined}, effects: []};
};
