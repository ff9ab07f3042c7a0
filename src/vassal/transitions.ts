// the vassal state table: every state × every event has a cell, so the compiler rejects a missing one
import {
	channelClosed, forget, liveDeadline, receiveByte, recordPid, rest, restopAsAsked, restopFor,
	resume, retryNow, stay, stop, stopAsAsked, type Step, type TransitionInput, type TransitionResult,
} from './transition-steps.js';
import {afterStop, crashed, listenFailed, spawnFailed, stopped} from './exit-steps.js';
import {applyFile, applyFileToLive, applyFileToStopping, wake} from './on-demand-steps.js';
import {chooseReload, earliestDeadline, retireSuccessor, retiringStep, successorStep, takeOver} from './overlap-steps.js';
import {FROM_VASSAL} from '../protocol/emperor-bytes.js';
import {generationOf, type Generation, type VassalEventType, type VassalRecord, type VassalState} from './vassal-state.js';

export type TransitionRow = Readonly<Record<VassalEventType, Step>>;

// a vassal with a live process that is not being stopped
const live: TransitionRow = {
	'file-added': applyFileToLive,
	'file-changed': applyFileToLive,
	'file-removed': stop('file-removed'),
	'config-invalid': stay,
	spawned: recordPid,
	'spawn-failed': spawnFailed,
	'listen-failed': stay,
	byte: receiveByte,
	'channel-closed': channelClosed,
	exited: crashed,
	deadline: liveDeadline,
	demand: stay,
	reload: input => chooseReload(input.event.type === 'reload' ? input.event.reason : 'operator')(input),
	restart: stop('restart'),
	stop: stopAsAsked,
	shutdown: stop('shutdown'),
	retry: stay,
};

// a vassal with no process, waiting for its file to change (or an operator)
const resting: TransitionRow = {
	'file-added': applyFile,
	'file-changed': applyFile,
	'file-removed': forget,
	'config-invalid': rest('invalid'),
	spawned: stay,
	'spawn-failed': stay,
	'listen-failed': stay,
	byte: stay,
	'channel-closed': stay,
	exited: stay,
	deadline: stay,
	demand: stay,
	reload: stay,
	restart: resume,
	stop: rest('stopped'),
	shutdown: rest('stopped'),
	retry: stay,
};

// a byte of the serving generation during an overlap: the overlap goes on, unless the vassal went idle (then both stop)
const overlapByte: Step = input => {
	if (input.event.type === 'byte' && input.event.byte === FROM_VASSAL.idle) return retireSuccessor('idle', receiveByte)(input);
	const next = receiveByte(input);
	return next.record.state === 'running' ? {...next, record: {...next.record, state: 'overlapping'}} : next;
};

// the serving generation serves while a new one starts beside it on the held socket
const overlapping: TransitionRow = {
	...live,
	'file-added': retireSuccessor('superseded', applyFileToLive),
	'file-changed': retireSuccessor('superseded', applyFileToLive),
	'file-removed': retireSuccessor('file-removed', stop('file-removed')),
	'spawn-failed': stay,
	byte: overlapByte,
	exited: takeOver,
	deadline: input => (input.record.deadline?.kind === 'heartbeat' ? retireSuccessor('heartbeat-lost', liveDeadline) : liveDeadline)(input),
	reload: stay,
	restart: retireSuccessor('restart', stop('restart')),
	stop: input => retireSuccessor('operator', stopAsAsked)(input),
	shutdown: retireSuccessor('shutdown', stop('shutdown')),
};

export const transitions: Readonly<Record<VassalState, TransitionRow>> = {
	invalid: {...resting, 'config-invalid': stay, restart: stay, stop: stay},
	// dormant: a bad edit keeps the last good config and the socket, as a running vassal keeps running
	'on-demand': {...resting, 'config-invalid': stay, 'listen-failed': listenFailed, demand: wake},
	// a held socket that could not be bound before the spawn: no process was started
	starting: {...live, 'listen-failed': listenFailed},
	running: live,
	reloading: live,
	overlapping,
	stopping: {
		...live,
		'file-added': applyFileToStopping,
		'file-changed': applyFileToStopping,
		'file-removed': restopFor('file-removed'),
		'spawn-failed': stay,
		exited: stopped,
		reload: stay,
		restart: restopFor('restart'),
		stop: restopAsAsked,
		shutdown: ({record}) => ({record: {...record, stopReason: 'shutdown'}, effects: []}),
	},
	backoff: {...resting, deadline: resume, retry: retryNow},
	idle: {...resting, retry: retryNow},
	exiled: {...resting, retry: retryNow},
	stopped: {...resting, 'config-invalid': rest('invalid'), retry: retryNow},
};

type Target = {readonly kind: 'serving' | 'stale'} | {readonly kind: 'successor' | 'retiring'; readonly generation: Generation};

// which generation an event concerns: the serving one, the new one of an overlap, an old one, or one already gone;
// a deadline concerns the one whose deadline comes first
export const targetOf = (record: VassalRecord, event: TransitionInput['event']): Target => {
	const {successor, retiring} = record;
	if (event.type === 'deadline') {
		const at = earliestDeadline(record);
		if (record.deadline !== undefined && record.deadline.at === at) return {kind: 'serving'};
		if (successor !== undefined && successor.deadlineAt === at) return {kind: 'successor', generation: successor};
		const old = retiring.find(generation => generation.deadlineAt === at);
		return old === undefined ? {kind: 'serving'} : {kind: 'retiring', generation: old};
	}
	const id = generationOf(event);
	if (id === undefined || id === record.generation) return {kind: 'serving'};
	if (successor?.id === id) return {kind: 'successor', generation: successor};
	const old = retiring.find(generation => generation.id === id);
	return old === undefined ? {kind: 'stale'} : {kind: 'retiring', generation: old};
};

// the next vassal and the effects to carry out, for one event
export const transition = (input: TransitionInput): TransitionResult => {
	const target = targetOf(input.record, input.event);
	switch (target.kind) {
		case 'serving': return transitions[input.record.state][input.event.type](input);
		case 'successor': return successorStep(input, target.generation);
		case 'retiring': return retiringStep(input, target.generation, afterStop);
		case 'stale': return {record: input.record, effects: []};
	}
};
