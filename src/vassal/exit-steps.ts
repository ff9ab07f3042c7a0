// the steps that end a process: a crash, an asked-for stop, a start that failed; and what the restart policy makes of them
import {classifyExit} from './exit-class.js';
import {decideRespawn, hasServed} from './restart-policy.js';
import {forget, log, rest, resume, sleep, withoutProcess, type Step} from './transition-steps.js';
import type {VassalEvent, VassalRecord} from './vassal-state.js';

// a death that nobody asked for: exile; respawn now if it served (within the restart intensity); otherwise wait
export const respawnAfterDeath: Step = input => {
	const {record, now, policy, random, event} = input;
	const code = event.type === 'exited' ? event.code : null;
	const uptimeMs = record.startedAt === undefined ? 0 : now - record.startedAt;
	// a start that failed (spawn-failed, listen-failed) never served, whatever the last process did
	const served = event.type === 'exited' && hasServed({accepting: record.accepting, loyal: record.loyal, uptimeMs}, policy);
	const death = {code, hasServed: served, quickDeaths: record.quickDeaths, recentDeaths: record.recentDeaths};
	const decision = decideRespawn(death, policy, now, random);
	if (decision.action === 'exile') {
		return {record: {...withoutProcess(record), state: 'exiled'}, effects: [log('warn', 'vassal-exiled', {code})]};
	}
	const resting = {...withoutProcess(record), quickDeaths: decision.quickDeaths, recentDeaths: decision.recentDeaths};
	const deaths = {recentDeaths: decision.recentDeaths.length, restartIntensity: policy.restartIntensity, restartPeriodMs: policy.restartPeriodMs};
	if (decision.delayMs === 0) {
		const next = resume({...input, record: resting});
		return {record: next.record, effects: [log('info', 'vassal-respawning', {reason: decision.reason, uptimeMs, ...deaths}), ...next.effects]};
	}
	return {
		record: {...resting, state: 'backoff', deadline: {kind: 'backoff', at: now + decision.delayMs}},
		effects: [log('warn', 'vassal-backoff', {reason: decision.reason, delayMs: decision.delayMs, quickDeaths: decision.quickDeaths, uptimeMs, ...deaths})],
	};
};

// the exit as remembered and as logged: `class` says clean, failure or signal; an unasked-for end that is not clean is a warning
const describeExit = (record: VassalRecord, event: VassalEvent, reason: string, now: number) => {
	const {code, signal} = event.type === 'exited' ? event : {code: null, signal: null};
	const exitClass = classifyExit(code, signal);
	const isQuiet = reason !== 'crashed' || exitClass === 'clean';
	return {
		lastExit: {code, signal, at: now, reason},
		effect: log(isQuiet ? 'info' : 'warn', 'vassal-exited', {pid: record.pid, code, signal, class: exitClass, reason}),
	};
};

// the process of a running vassal ended without being asked to
export const crashed: Step = input => {
	const {lastExit, effect} = describeExit(input.record, input.event, 'crashed', input.now);
	const next = respawnAfterDeath({...input, record: {...input.record, lastExit}});
	return {record: next.record, effects: [effect, ...next.effects]};
};

// a stopped vassal with no process left: what follows depends on why it was stopped
export const afterStop: Step = input => {
	const {record} = input;
	switch (record.stopReason ?? 'shutdown') {
		case 'file-removed': return forget(input);
		case 'shutdown': return rest('stopped')(input);
		case 'idle': return record.onDemandSocket === undefined ? {record: {...withoutProcess(record), state: 'idle' as const}, effects: []} : sleep(input);
		case 'restart': return resume(input);
		case 'operator': case 'refused': return rest('stopped')(input);
		case 'heartbeat-lost': return respawnAfterDeath(input);
	}
};

// the process of a stopping vassal ended: what follows depends on why it was stopped, once old generations are gone too
export const stopped: Step = input => {
	const reason = input.record.stopReason ?? 'shutdown';
	const {lastExit, effect} = describeExit(input.record, input.event, reason, input.now);
	const record = {...input.record, lastExit};
	if (record.retiring.length > 0) {
		const waiting = {...record, pid: undefined, ready: false, accepting: false, deadline: undefined, cursedAt: undefined};
		return {record: waiting, effects: [effect]};
	}
	const next = afterStop({...input, record});
	return {record: next.record, effects: [effect, ...next.effects]};
};

// a start that failed before any process existed (no binary, no socket) counts as a quick death
// (logged as an error once; the same failure again, while backing off, at debug level)
const startFailed = (kind: 'spawn-failed' | 'listen-failed', code: string): Step => input => {
	const reason = 'reason' in input.event ? input.event.reason : 'unknown';
	const isRepeat = input.record.lastExit?.reason === kind;
	const lastExit = {code: null, signal: null, at: input.now, reason: kind};
	const next = respawnAfterDeath({...input, record: {...input.record, startedAt: input.now, lastExit}});
	const effect = log(isRepeat ? 'debug' : 'error', `vassal-${kind}`, {reason, code});
	return {record: next.record, effects: [effect, ...next.effects]};
};

// the binary could not be executed
export const spawnFailed = startFailed('spawn-failed', 'VASSAL_SPAWN_FAILED');

// the on-demand socket could not be bound
export const listenFailed = startFailed('listen-failed', 'VASSAL_LISTEN_FAILED');
