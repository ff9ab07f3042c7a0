// the vassal state table: every state × every event has a cell, so the compiler rejects a missing one
import {
	channelClosed, crashed, forget, liveDeadline, receiveByte, recordPid, reload, reloadAsAsked, rest, restopAsAsked, restopFor, stopAsAsked,
	retryNow, spawnFailed, spawnNow, stay, stop, stopped, type Step, type TransitionInput, type TransitionResult,
} from './transition-steps.js';
import type {VassalEventType, VassalState} from './vassal-state.js';

export type TransitionRow = Readonly<Record<VassalEventType, Step>>;

// a vassal with a live process that is not being stopped
const live: TransitionRow = {
	'file-added': reload('file-changed'),
	'file-changed': reload('file-changed'),
	'file-removed': stop('file-removed'),
	'config-invalid': stay,
	spawned: recordPid,
	'spawn-failed': spawnFailed,
	byte: receiveByte,
	'channel-closed': channelClosed,
	exited: crashed,
	deadline: liveDeadline,
	demand: stay,
	reload: reloadAsAsked,
	restart: stop('restart'),
	stop: stopAsAsked,
	shutdown: stop('shutdown'),
	retry: stay,
};

// a vassal with no process, waiting for its file to change (or an operator)
const resting: TransitionRow = {
	'file-added': spawnNow,
	'file-changed': spawnNow,
	'file-removed': forget,
	'config-invalid': rest('invalid'),
	spawned: stay,
	'spawn-failed': stay,
	byte: stay,
	'channel-closed': stay,
	exited: stay,
	deadline: stay,
	demand: stay,
	reload: stay,
	restart: spawnNow,
	stop: rest('stopped'),
	shutdown: rest('stopped'),
	retry: stay,
};

export const transitions: Readonly<Record<VassalState, TransitionRow>> = {
	invalid: {...resting, 'config-invalid': stay, restart: stay, stop: stay},
	'on-demand': {...resting, demand: spawnNow},
	starting: live,
	running: live,
	reloading: live,
	stopping: {
		...live,
		'file-added': restopFor('restart'),
		'file-changed': restopFor('restart'),
		'file-removed': restopFor('file-removed'),
		'spawn-failed': stay,
		exited: stopped,
		reload: stay,
		restart: restopFor('restart'),
		stop: restopAsAsked,
		shutdown: ({record}) => ({record: {...record, stopReason: 'shutdown'}, effects: []}),
	},
	backoff: {...resting, deadline: spawnNow, retry: retryNow},
	idle: {...resting, retry: retryNow},
	exiled: {...resting, retry: retryNow},
	stopped: {...resting, 'config-invalid': rest('invalid'), retry: retryNow},
};

// the next vassal and the effects to carry out, for one event
export const transition = (input: TransitionInput): TransitionResult =>
	transitions[input.record.state][input.event.type](input);
