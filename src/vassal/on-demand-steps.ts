// the steps that know about on-demand sockets: a file event says which socket the vassal has now
import {chooseReload} from './overlap-steps.js';
import {log, restopFor, resume, spawnNow, stop, type Step} from './transition-steps.js';
import type {HeldSocketSettings, VassalEvent, VassalRecord} from './vassal-state.js';

// what a file event says of the held socket (nothing for other events)
const settingsOf = (event: VassalEvent): HeldSocketSettings =>
	(event.type === 'file-added' || event.type === 'file-changed' ? event : {});

// the record with the held-socket settings of a new config; a new file also ends a failed reload's hold on the old config
const withSettings = (record: VassalRecord, event: VassalEvent): VassalRecord => {
	const settings = settingsOf(event);
	return {
		...record, onDemandSocket: settings.onDemandSocket, runsAtOnce: settings.runsAtOnce === true,
		reloadMode: settings.reloadMode, reloadTimeoutMs: settings.reloadTimeoutMs, failedReload: undefined,
	};
};

// a file accepted while nothing runs: start it, or with an on-demand socket wait on it (a dormant vassal stays dormant)
// (a dormant vassal whose file now says on-demand = false starts at once)
export const applyFile: Step = input => resume({...input, record: withSettings(input.record, input.event)});

// a file accepted while the vassal runs: a graceful reload (by overlap on a held socket), unless its socket changed;
// then a stop and a new start, since the running process holds the old socket on its fd 0
export const applyFileToLive: Step = input => {
	const record = withSettings(input.record, input.event);
	if (record.onDemandSocket === input.record.onDemandSocket) return chooseReload('file-changed')({...input, record});
	return stop('restart')({...input, record});
};

// a file accepted while the vassal stops: start again after the exit, with the socket the file names now
export const applyFileToStopping: Step = input => {
	const next = restopFor('restart')(input);
	return next.record.stopReason === 'restart' ? {...next, record: withSettings(next.record, input.event)} : next;
};

// a connection is pending on the socket: spawn the vassal, which accepts it on its fd 0
export const wake: Step = input => {
	const next = spawnNow({...input, record: {...input.record, wakes: input.record.wakes + 1}});
	return {...next, effects: [log('info', 'vassal-wake', {socket: input.record.onDemandSocket}), ...next.effects]};
};
