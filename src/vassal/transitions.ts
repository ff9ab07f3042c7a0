// the vassal state table: every state × every event has a cell, so the compiler rejects a missing one
import {
	channelClosed, forget, liveDeadline, receiveByte, recordPid, reloadAsAsked, rest, restopAsAsked, restopFor,
	resume, retryNow, stay, stop, stopAsAsked, type Step, type TransitionInput, type TransitionResult,
} from './transition-steps.js';
import {crashed, listenFailed, spawnFailed, stopped} from './exit-steps.js';
import {applyFile, applyFileToLive, applyFileToStopping, wake} from './on-demand-steps.js';
import type {VassalEventType, VassalState} from './vassal-state.js';

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
	reload: reloadAsAsked,
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

export const transitions: Readonly<Record<VassalState, TransitionRow>> = {
	invalid: {...resting, 'config-invalid': stay, restart: stay, stop: stay},
	// dormant: a bad edit keeps the last good config and the socket, as a running vassal keeps running
	'on-demand': {...resting, 'config-invalid': stay, 'listen-failed': listenFailed, demand: wake},
	// a held socket that could not be bound before the spawn: no process was started
	starting: {...live, 'listen-failed': listenFailed},
	running: live,
	reloading: live,
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

// the next vassal and the effects to carry out, for one event
export const transition = (input: TransitionInput): TransitionResult =>
	transitions[input.record.state][input.event.type](input);
