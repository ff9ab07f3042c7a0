// reload by overlap: a new generation starts on the held socket beside the serving one, which stops once the new one accepts
import {FROM_VASSAL, TO_VASSAL} from '../protocol/emperor-bytes.js';
import {log, reload, stop, type Step, type TransitionInput, type TransitionResult} from './transition-steps.js';
import type {Effect, Generation, VassalEvent, VassalRecord} from './vassal-state.js';

// starts a new generation on the held socket; the serving one keeps serving until the new one accepts (byte 5)
export const startOverlap = (reason: string): Step => ({record, now, policy}) => {
	const id = record.spawns + 1;
	const timeoutMs = record.reloadTimeoutMs ?? policy.reloadTimeoutMs;
	const successor: Generation = {id, startedAt: now, ready: false, accepting: false, deadlineAt: now + timeoutMs};
	return {
		record: {...record, state: 'overlapping', spawns: id, successor, failedReload: undefined, lastRunAt: now},
		effects: [{type: 'spawn', generation: id}, log('info', 'vassal-overlap-started', {pid: record.pid, generation: id, reason, timeoutMs})],
	};
};

// an old generation asked to stop gracefully (byte 2: it finishes its requests in flight), killed at its curse
const retire = (generation: Generation, reason: string, {now, policy}: TransitionInput): {generation: Generation; effects: Effect[]} => ({
	generation: {...generation, deadlineAt: now + policy.curseToleranceMs, reason},
	effects: [{type: 'send', byte: TO_VASSAL.gracefulStop, reason, generation: generation.id}],
});

// the new generation accepts: it becomes the serving one, and the old one stops once its requests are done
const promote = (input: TransitionInput, successor: Generation): TransitionResult => {
	const {record, now} = input;
	const old: Generation = {
		id: record.generation, pid: record.pid, startedAt: record.startedAt ?? now, ready: record.ready, accepting: record.accepting, deadlineAt: now,
	};
	const retired = retire(old, 'replaced', input);
	return {
		record: {
			...record, state: 'running', generation: successor.id, pid: successor.pid, startedAt: successor.startedAt,
			ready: true, accepting: true, loyal: false, lastAcceptingAt: now, respawns: 0, deadline: undefined, cursedAt: undefined,
			successor: undefined, retiring: [...record.retiring, retired.generation],
		},
		effects: [
			{type: 'promote', generation: successor.id}, ...retired.effects,
			log('info', 'vassal-reloaded', {pid: successor.pid, previousPid: old.pid, generation: successor.id, readyMs: now - successor.startedAt}),
		],
	};
};

// the new generation failed (died, or not accepting in time, then SIGKILLed: a uWSGI master busy importing the app
// reads no byte, and a generation that never accepted has no request to finish): the serving one stays, until the file changes again
const giveUp = (input: TransitionInput, successor: Generation, reason: string, isGone: boolean): TransitionResult => {
	const {record, now} = input;
	const failedReload = {at: now, reason, generation: successor.id};
	const fields = {pid: successor.pid, servingPid: record.pid, generation: successor.id, reason};
	if (isGone) {
		return {record: {...record, state: 'running', successor: undefined, failedReload}, effects: [log('error', 'vassal-reload-failed', fields)]};
	}
	const killed: Generation = {...successor, deadlineAt: now + input.policy.curseToleranceMs, reason};
	return {
		record: {...record, state: 'running', successor: undefined, failedReload, retiring: [...record.retiring, killed]},
		effects: [{type: 'kill', signal: 'SIGKILL', reason: 'reload-timeout', generation: successor.id}, log('error', 'vassal-reload-failed', fields)],
	};
};

// a closed channel is not a verdict: the exit that follows says why (or the reload timeout, if none follows)
const describeDeath = (event: VassalEvent): string => {
	if (event.type === 'exited') return event.signal === null ? `exited with code ${event.code} before accepting` : `killed by ${event.signal} before accepting`;
	return event.type === 'spawn-failed' ? `could not be started: ${event.reason}` : 'failed before accepting';
};

// an event of the new generation of an overlap
export const successorStep = (input: TransitionInput, successor: Generation): TransitionResult => {
	const {record, event} = input;
	const withSuccessor = (next: Generation): TransitionResult => ({record: {...record, successor: next}, effects: []});
	switch (event.type) {
		case 'spawned':
			return {record: {...record, successor: {...successor, pid: event.pid}}, effects: [log('info', 'vassal-spawned', {pid: event.pid, generation: successor.id})]};
		case 'byte':
			if (event.byte === FROM_VASSAL.accepting) return promote(input, successor);
			return event.byte === FROM_VASSAL.ready ? withSuccessor({...successor, ready: true}) : {record, effects: []};
		case 'exited': case 'spawn-failed':
			return giveUp(input, successor, describeDeath(event), true);
		case 'deadline':
			return giveUp(input, successor, `not accepting after ${Math.round((input.now - successor.startedAt) / 1000)} s (reload-timeout)`, false);
		default:
			return {record, effects: []};
	}
};

// an event of an old generation that stops: it is forgotten once it exits, killed if its curse comes first
export const retiringStep = (input: TransitionInput, generation: Generation, afterLast: Step): TransitionResult => {
	const {record, event, now, policy} = input;
	const others = record.retiring.filter(candidate => candidate.id !== generation.id);
	const replace = (next: Generation): VassalRecord => ({...record, retiring: [...others, next]});
	switch (event.type) {
		case 'spawned':
			return {record: replace({...generation, pid: event.pid}), effects: []};
		case 'exited': case 'spawn-failed': {
			const code = event.type === 'exited' ? event.code : null;
			const signal = event.type === 'exited' ? event.signal : null;
			const effect = log('info', 'vassal-retired', {pid: generation.pid, generation: generation.id, code, signal, reason: generation.reason});
			const next = {...input, record: {...record, retiring: others}};
			if (others.length > 0 || record.state !== 'stopping' || record.pid !== undefined) return {record: next.record, effects: [effect]};
			const after = afterLast(next);
			return {record: after.record, effects: [effect, ...after.effects]};
		}
		case 'deadline':
			return {
				record: replace({...generation, deadlineAt: now + policy.curseToleranceMs}),
				effects: [
					{type: 'kill', signal: 'SIGKILL', reason: 'curse-tolerance', generation: generation.id},
					log('warn', 'vassal-killed', {pid: generation.pid, generation: generation.id, signal: 'SIGKILL', reason: 'curse-tolerance'}),
				],
			};
		default:
			return {record, effects: []};
	}
};

// before a stop during an overlap: the new generation stops too (it never served)
export const retireSuccessor = (reason: string, then: Step): Step => input => {
	const {successor} = input.record;
	if (successor === undefined) return then(input);
	const retired = retire(successor, reason, input);
	const record = {...input.record, state: 'running' as const, successor: undefined, retiring: [...input.record.retiring, retired.generation]};
	const next = then({...input, record});
	return {record: next.record, effects: [...retired.effects, ...next.effects]};
};

// the serving generation died during the overlap: the new one, still starting, takes its place
export const takeOver: Step = input => {
	const {record, event, now} = input;
	const successor = record.successor!;
	const code = event.type === 'exited' ? event.code : null;
	const signal = event.type === 'exited' ? event.signal : null;
	return {
		record: {
			...record, state: successor.ready ? 'running' : 'starting', generation: successor.id, pid: successor.pid, startedAt: successor.startedAt,
			ready: successor.ready, accepting: false, loyal: false, respawns: 0, deadline: undefined, cursedAt: undefined, successor: undefined,
			lastExit: {code, signal, at: now, reason: 'crashed'},
		},
		effects: [
			{type: 'promote', generation: successor.id},
			log('warn', 'vassal-exited', {pid: record.pid, code, signal, reason: 'crashed', during: 'overlap'}),
		],
	};
};

// the earliest of the vassal's deadlines: its own, its new generation's, its old ones'
export const earliestDeadline = (record: VassalRecord): number | undefined => {
	const times = [record.deadline?.at, record.successor?.deadlineAt, ...record.retiring.map(generation => generation.deadlineAt)];
	const defined = times.filter((time): time is number => time !== undefined);
	return defined.length === 0 ? undefined : Math.min(...defined);
};

// a reload of a serving vassal on a held socket overlaps (unless its file says reload = in-place); any other is uWSGI's
// byte 1, or for a program (which has none) a stop and a start
export const chooseReload = (reason: string): Step => input => {
	const {record, policy} = input;
	const overlaps = record.onDemandSocket !== undefined && record.reloadMode !== 'in-place' && record.state === 'running';
	if (overlaps) return startOverlap(reason)(input);
	return policy.hasInPlaceReload === false ? stop('restart')(input) : reload(reason)(input);
};
