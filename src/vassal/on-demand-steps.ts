// the steps that know about on-demand sockets: a file event says which socket the vassal has now
import {log, reload, restopFor, resume, spawnNow, stop, type Step} from './transition-steps.js';
import type {VassalEvent, VassalRecord} from './vassal-state.js';

// the on-demand socket a file event names (none for other events)
const socketOf = (event: VassalEvent): string | undefined =>
	event.type === 'file-added' || event.type === 'file-changed' ? event.onDemandSocket : undefined;

const runsAtOnceOf = (event: VassalEvent): boolean =>
	(event.type === 'file-added' || event.type === 'file-changed') && event.runsAtOnce === true;

const withSocket = (record: VassalRecord, socket: string | undefined, runsAtOnce = record.runsAtOnce): VassalRecord =>
	({...record, onDemandSocket: socket, runsAtOnce});

// a file accepted while nothing runs: start it, or with an on-demand socket wait on it (a dormant vassal stays dormant)
export const applyFile: Step = input => {
	const record = withSocket(input.record, socketOf(input.event), runsAtOnceOf(input.event));
	// a dormant vassal whose file now says on-demand = false starts at once; otherwise a dormant one stays dormant
	return resume({...input, record});
};

// a file accepted while the vassal runs: a graceful reload, unless its on-demand socket changed; then
// a stop and a new start, since the running process holds the old socket on its fd 0
export const applyFileToLive: Step = input => {
	const socket = socketOf(input.event);
	const runsAtOnce = runsAtOnceOf(input.event);
	if (socket === input.record.onDemandSocket) return reload('file-changed')({...input, record: withSocket(input.record, socket, runsAtOnce)});
	return stop('restart')({...input, record: withSocket(input.record, socket, runsAtOnce)});
};

// a file accepted while the vassal stops: start again after the exit, with the socket the file names now
export const applyFileToStopping: Step = input => {
	const next = restopFor('restart')(input);
	return next.record.stopReason === 'restart' ? {...next, record: withSocket(next.record, socketOf(input.event), runsAtOnceOf(input.event))} : next;
};

// a connection is pending on the socket: spawn the vassal, which accepts it on its fd 0
export const wake: Step = input => {
	const next = spawnNow({...input, record: {...input.record, wakes: input.record.wakes + 1}});
	return {...next, effects: [log('info', 'vassal-wake', {socket: input.record.onDemandSocket}), ...next.effects]};
};
