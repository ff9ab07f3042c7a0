import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {transition, transitions} from '../../src/vassal/transitions.js';
import {
	VASSAL_EVENT_TYPES, VASSAL_STATES, makeVassalRecord, type Effect, type VassalEvent, type VassalEventType,
	type VassalRecord, type VassalState,
} from '../../src/vassal/vassal-state.js';
import {TEST_POLICY} from '../helpers/vassal-policy.js';

const NOW = 1_000_000;
const policy = TEST_POLICY;

// a typical vassal in each state: live ones have a pid and a quick uptime, the on-demand one a socket
const recordIn = (state: VassalState): VassalRecord => {
	const base = {...makeVassalRecord('app.ini'), state};
	switch (state) {
		case 'on-demand':
			return {...base, onDemandSocket: '/run/app.sock'};
		case 'starting': case 'running': case 'reloading':
			return {...base, pid: 100, startedAt: NOW - 1000};
		case 'overlapping':
			return {
				...base, pid: 100, startedAt: NOW - 1000, generation: 1, spawns: 2, onDemandSocket: '/run/app.sock',
				deadline: {kind: 'heartbeat', at: NOW}, successor: {id: 2, pid: 101, startedAt: NOW - 500, ready: false, accepting: false, deadlineAt: NOW + 60_000},
			};
		case 'stopping':
			return {...base, pid: 100, startedAt: NOW - 1000, stopReason: 'file-removed', deadline: {kind: 'curse', at: NOW}};
		case 'backoff':
			return {...base, quickDeaths: 1, deadline: {kind: 'backoff', at: NOW}};
		default:
			return base;
	}
};

const sampleEvents: Record<VassalEventType, VassalEvent> = {
	'file-added': {type: 'file-added'},
	'file-changed': {type: 'file-changed'},
	'file-removed': {type: 'file-removed'},
	'config-invalid': {type: 'config-invalid'},
	spawned: {type: 'spawned', pid: 101},
	'spawn-failed': {type: 'spawn-failed', reason: 'uwsgi not found'},
	'listen-failed': {type: 'listen-failed', reason: 'bind /run/app.sock: Permission denied'},
	byte: {type: 'byte', byte: 1},
	'channel-closed': {type: 'channel-closed'},
	exited: {type: 'exited', code: 1, signal: null},
	deadline: {type: 'deadline'},
	demand: {type: 'demand'},
	reload: {type: 'reload', reason: 'reload-all'},
	restart: {type: 'restart'},
	stop: {type: 'stop', reason: 'operator'},
	shutdown: {type: 'shutdown'},
	retry: {type: 'retry'},
};

const run = (record: VassalRecord, event: VassalEvent, now = NOW, random = 0.5) => transition({record, event, now, policy, random});

// the sample event of a type for a vassal; a file event keeps the vassal's on-demand socket as it was
const sampleEventFor = (eventType: VassalEventType, record: VassalRecord): VassalEvent => {
	const event = sampleEvents[eventType];
	return event.type === 'file-added' || event.type === 'file-changed' ? {...event, onDemandSocket: record.onDemandSocket} : event;
};

const resting = (self: VassalState, overrides: Partial<Record<VassalEventType, VassalState>> = {}): Record<VassalEventType, VassalState> => ({
	'file-added': 'starting', 'file-changed': 'starting', 'file-removed': 'stopped', 'config-invalid': 'invalid',
	spawned: self, 'spawn-failed': self, 'listen-failed': self, byte: self, 'channel-closed': self, exited: self, deadline: self,
	demand: self, reload: self, restart: 'starting', stop: 'stopped', shutdown: 'stopped', retry: self, ...overrides,
});

const live = (self: VassalState, overrides: Partial<Record<VassalEventType, VassalState>> = {}): Record<VassalEventType, VassalState> => ({
	'file-added': 'reloading', 'file-changed': 'reloading', 'file-removed': 'stopping', 'config-invalid': self,
	spawned: self, 'spawn-failed': 'backoff', 'listen-failed': self, byte: 'running', 'channel-closed': self, exited: 'backoff', deadline: self,
	demand: self, reload: 'reloading', restart: 'stopping', stop: 'stopping', shutdown: 'stopping', retry: self, ...overrides,
});

// the expected next state of every cell, written independently of the table
const EXPECTED: Record<VassalState, Record<VassalEventType, VassalState>> = {
	invalid: resting('invalid', {restart: 'invalid', stop: 'invalid'}),
	'on-demand': resting('on-demand', {
		'file-added': 'on-demand', 'file-changed': 'on-demand', 'config-invalid': 'on-demand', 'listen-failed': 'backoff',
		demand: 'starting', restart: 'on-demand',
	}),
	starting: live('starting', {'listen-failed': 'backoff'}),
	running: live('running'),
	reloading: live('reloading'),
	// the new generation stops with the serving one; if the serving one dies, the new one takes its place, still starting
	overlapping: live('overlapping', {
		'file-added': 'overlapping', 'file-changed': 'overlapping', byte: 'overlapping', 'spawn-failed': 'overlapping',
		exited: 'starting', deadline: 'stopping', reload: 'overlapping',
	}),
	stopping: {
		...live('stopping'), 'file-added': 'stopping', 'file-changed': 'stopping', 'spawn-failed': 'stopping',
		byte: 'stopping', exited: 'stopped', reload: 'stopping', restart: 'stopping',
	},
	backoff: resting('backoff', {deadline: 'starting', retry: 'starting'}),
	idle: resting('idle', {retry: 'starting'}),
	exiled: resting('exiled', {retry: 'starting'}),
	stopped: resting('stopped', {retry: 'starting'}),
};

const isEffect = (effect: Effect) => ['spawn', 'listen', 'send', 'kill', 'log', 'forget', 'promote'].includes(effect.type);

describe('every cell of the transition table', () => {
	for (const state of VASSAL_STATES) {
		for (const eventType of VASSAL_EVENT_TYPES) {
			test(`${state} + ${eventType} → ${EXPECTED[state][eventType]}`, () => {
				assert.equal(typeof transitions[state][eventType], 'function');
				const result = run(recordIn(state), sampleEventFor(eventType, recordIn(state)));
				assert.equal(result.record.state, EXPECTED[state][eventType]);
				assert.ok(result.effects.every(isEffect));
				const spawns = result.effects.filter(effect => effect.type === 'spawn').length;
				assert.equal(spawns, result.record.spawns - recordIn(state).spawns, 'a spawn effect exactly when a process starts');
				assert.ok(result.record.state !== 'starting' || state === 'starting' || spawns === 1 || recordIn(state).successor !== undefined, 'a start spawns, unless a new generation takes over');
			});
		}
	}
});

const effectsOf = (effects: readonly Effect[], type: Effect['type']) => effects.filter(effect => effect.type === type);
const logFields = (effects: readonly Effect[], event: string) =>
	effects.flatMap(effect => (effect.type === 'log' && effect.event === event ? [effect.fields ?? {}] : []))[0];
const logEvents = (effects: readonly Effect[]) => effects.flatMap(effect => (effect.type === 'log' ? [effect.event] : []));

describe('vassal lifecycle rules', () => {
	test('a touched running vassal gets byte 1 and counts a respawn', () => {
		const {record, effects} = run(recordIn('running'), {type: 'file-changed'});
		assert.deepEqual(effectsOf(effects, 'send'), [{type: 'send', byte: 1, reason: 'file-changed'}]);
		assert.equal(record.respawns, 1);
		assert.equal(record.ready, false);
	});

	test('a removed vassal gets byte 0 and a curse deadline', () => {
		const {record, effects} = run(recordIn('running'), {type: 'file-removed'});
		assert.deepEqual(effectsOf(effects, 'send'), [{type: 'send', byte: 0, reason: 'file-removed'}]);
		assert.deepEqual(record.deadline, {kind: 'curse', at: NOW + policy.curseToleranceMs});
	});

	test('graceful shutdown sends byte 2 instead of 0', () => {
		const {effects} = transition({record: recordIn('running'), event: {type: 'shutdown'}, now: NOW, policy: {...policy, gracefulShutdown: true}, random: 0.5});
		assert.deepEqual(effectsOf(effects, 'send'), [{type: 'send', byte: 2, reason: 'shutdown'}]);
	});

	test('a stopping vassal still alive at the curse deadline is killed, and the deadline repeats', () => {
		const {record, effects} = run(recordIn('stopping'), {type: 'deadline'});
		assert.deepEqual(effectsOf(effects, 'kill'), [{type: 'kill', signal: 'SIGKILL', reason: 'curse-tolerance'}]);
		assert.deepEqual(record.deadline, {kind: 'curse', at: NOW + policy.curseToleranceMs});
	});

	test('a removed vassal is forgotten once its process exits', () => {
		const {record, effects} = run(recordIn('stopping'), {type: 'exited', code: 0, signal: null});
		assert.equal(record.state, 'stopped');
		assert.equal(effectsOf(effects, 'forget').length, 1);
		assert.deepEqual(logEvents(effects), ['vassal-exited', 'vassal-removed']);
	});

	test('a file that comes back while its vassal stops is spawned again after the exit', () => {
		const restarting = run(recordIn('stopping'), {type: 'file-added'}).record;
		assert.equal(restarting.stopReason, 'restart');
		const {record, effects} = run(restarting, {type: 'exited', code: 0, signal: null});
		assert.equal(record.state, 'starting');
		assert.equal(effectsOf(effects, 'spawn').length, 1);
	});

	test('a shutdown wins over a restart: the vassal stays stopped', () => {
		const restarting = run(recordIn('stopping'), {type: 'file-added'}).record;
		const shuttingDown = run(restarting, {type: 'shutdown'}).record;
		assert.equal(run(shuttingDown, {type: 'file-changed'}).record.stopReason, 'shutdown');
		const {record, effects} = run(shuttingDown, {type: 'exited', code: 0, signal: null});
		assert.equal(record.state, 'stopped');
		assert.equal(effectsOf(effects, 'spawn').length + effectsOf(effects, 'forget').length, 0);
	});

	test('a vassal that dies after a stable uptime is respawned at once and its backoff resets', () => {
		const stable = {...recordIn('running'), startedAt: NOW - policy.stableUptimeMs, quickDeaths: 4};
		const {record, effects} = run(stable, {type: 'exited', code: 1, signal: null});
		assert.equal(record.state, 'starting');
		assert.equal(record.quickDeaths, 0);
		assert.equal(effectsOf(effects, 'spawn').length, 1);
	});

	test('a vassal killed while accepting requests is respawned at once, and says why', () => {
		const serving = {...recordIn('running'), accepting: true};
		const {record, effects} = run(serving, {type: 'exited', code: null, signal: 'SIGKILL'});
		assert.equal(record.state, 'starting');
		assert.equal(effectsOf(effects, 'spawn').length, 1);
		assert.deepEqual(logFields(effects, 'vassal-respawning')?.reason, 'served');
	});

	test('a program with ready = started that dies at start-up backs off: its accepting was only assumed', () => {
		const started = {...recordIn('running'), accepting: true, startedAt: NOW - 200};
		const assumed = {...policy, isAcceptingAssumed: true};
		const early = transition({record: started, event: {type: 'exited', code: 1, signal: null}, now: NOW, policy: assumed, random: 0.5});
		assert.equal(early.record.state, 'backoff');
		assert.equal(logFields(early.effects, 'vassal-backoff')?.reason, 'never-served');
		const stable = {...started, startedAt: NOW - policy.stableUptimeMs};
		const late = transition({record: stable, event: {type: 'exited', code: null, signal: 'SIGKILL'}, now: NOW, policy: assumed, random: 0.5});
		assert.equal(late.record.state, 'starting', 'up for the stable uptime, it served: back at once');
	});

	test('a loyal vassal that dies is respawned at once', () => {
		const loyal = {...recordIn('running'), loyal: true};
		assert.equal(run(loyal, {type: 'exited', code: 1, signal: null}).record.state, 'starting');
	});

	test('a vassal that was only ready (byte 1) backs off: the app may have failed at import', () => {
		const ready = run(recordIn('starting'), {type: 'byte', byte: 1}).record;
		const {record, effects} = run(ready, {type: 'exited', code: 22, signal: null});
		assert.equal(record.state, 'backoff');
		assert.equal(logFields(effects, 'vassal-backoff')?.reason, 'never-served');
	});

	test('a serving vassal killed five times in a row comes back at once each time; the sixth death backs off', () => {
		let record = {...recordIn('running'), accepting: true};
		const states: string[] = [];
		for (let death = 0; death < 6; death++) {
			const at = NOW + death * 2000;
			const next = run(record, {type: 'exited', code: null, signal: 'SIGKILL'}, at);
			states.push(next.record.state);
			if (next.record.state === 'backoff') {
				assert.equal(logFields(next.effects, 'vassal-backoff')?.reason, 'restart-intensity');
				break;
			}
			record = {...next.record, pid: 200 + death, accepting: true};
		}
		assert.deepEqual(states, ['starting', 'starting', 'starting', 'starting', 'starting', 'backoff']);
	});

	test('a serving on-demand vassal that dies goes back to sleep on its socket', () => {
		const serving = {...recordIn('running'), accepting: true, onDemandSocket: '/run/app.sock'};
		const {record, effects} = run(serving, {type: 'exited', code: null, signal: 'SIGKILL'});
		assert.equal(record.state, 'on-demand');
		assert.deepEqual(effects.filter(effect => effect.type !== 'log').map(effect => effect.type), ['listen']);
	});

	test('a spawn that fails is never counted as serving, whatever the last process did', () => {
		const starting = {...recordIn('starting'), loyal: true, accepting: true};
		assert.equal(run(starting, {type: 'spawn-failed', reason: 'uwsgi not found'}).record.state, 'backoff');
	});

	test('retry forgets the deaths that counted toward the restart intensity', () => {
		const backoff = {...recordIn('backoff'), recentDeaths: [NOW - 1, NOW - 2, NOW - 3, NOW - 4, NOW - 5, NOW - 6]};
		assert.deepEqual(run(backoff, {type: 'retry'}).record.recentDeaths, []);
	});

	test('quick deaths wait longer each time', () => {
		let record = recordIn('running');
		const delays: number[] = [];
		for (let death = 0; death < 5; death++) {
			record = run(record, {type: 'exited', code: 1, signal: null}).record;
			assert.equal(record.state, 'backoff');
			delays.push(record.deadline!.at - NOW);
			record = {...run(record, {type: 'deadline'}).record, startedAt: NOW - 10};
		}
		assert.deepEqual(delays, [1000, 2000, 4000, 8000, 16000]);
	});

	test('exit status 26 exiles the vassal until its file changes', () => {
		const exiled = run(recordIn('running'), {type: 'exited', code: 26, signal: null});
		assert.equal(exiled.record.state, 'exiled');
		assert.deepEqual(logEvents(exiled.effects), ['vassal-exited', 'vassal-exiled']);
		assert.equal(run(exiled.record, {type: 'deadline'}).record.state, 'exiled');
		assert.equal(run(exiled.record, {type: 'file-changed'}).record.state, 'starting');
	});

	test('a missed heartbeat kills the vassal and respawns it', () => {
		const beating = run(recordIn('running'), {type: 'byte', byte: 26}).record;
		assert.deepEqual(beating.deadline, {kind: 'heartbeat', at: NOW + policy.requiredHeartbeatMs});
		const killed = run(beating, {type: 'deadline'}, NOW + policy.requiredHeartbeatMs);
		assert.deepEqual(effectsOf(killed.effects, 'kill'), [{type: 'kill', signal: 'SIGKILL', reason: 'heartbeat-lost'}]);
		assert.equal(killed.record.stopReason, 'heartbeat-lost');
		const respawned = run(killed.record, {type: 'exited', code: null, signal: 'SIGKILL'}, NOW + policy.requiredHeartbeatMs);
		assert.equal(respawned.record.state, 'starting');
	});

	test('no heartbeat check before the first heartbeat', () => {
		assert.equal(run(recordIn('running'), {type: 'byte', byte: 1}).record.deadline, undefined);
	});

	test('die-on-idle without an on-demand socket stops the vassal and leaves it idle', () => {
		const stopping = run(recordIn('running'), {type: 'byte', byte: 22});
		assert.equal(stopping.record.stopReason, 'idle');
		assert.deepEqual(effectsOf(stopping.effects, 'send'), [{type: 'send', byte: 0, reason: 'idle'}]);
		const idle = run(stopping.record, {type: 'exited', code: 0, signal: null});
		assert.equal(idle.record.state, 'idle');
		assert.equal(effectsOf(idle.effects, 'spawn').length, 0);
	});

	test('bytes 1, 5 and 17 set ready, accepting and loyal', () => {
		let record = recordIn('starting');
		for (const byte of [1, 5, 17]) record = run(record, {type: 'byte', byte}).record;
		assert.deepEqual([record.state, record.ready, record.accepting, record.loyal], ['running', true, true, true]);
	});

	test('a reloading vassal is running again once it accepts requests', () => {
		assert.equal(run(recordIn('reloading'), {type: 'byte', byte: 5}).record.state, 'running');
	});

	test('a closed channel arms the curse deadline', () => {
		const {record} = run(recordIn('running'), {type: 'channel-closed'});
		assert.deepEqual(record.deadline, {kind: 'curse', at: NOW + policy.curseToleranceMs});
	});

	test('a bad edit of a running vassal keeps it running', () => {
		const {record, effects} = run(recordIn('running'), {type: 'config-invalid'});
		assert.equal(record.state, 'running');
		assert.equal(effects.length, 0);
	});

	test('retry clears the backoff count and spawns now', () => {
		const {record} = run({...recordIn('backoff'), quickDeaths: 6}, {type: 'retry'});
		assert.equal(record.state, 'starting');
		assert.equal(record.quickDeaths, 0);
	});
});

// the doc table in docs/architecture.md must say what the code does
test('docs/architecture.md shows the same state table as the code', async () => {
	const {readFile} = await import('node:fs/promises');
	const doc = await readFile(new URL('../../docs/architecture.md', import.meta.url), 'utf8');
	const rows = doc.split('\n').filter(line => /^\| [a-z-]+ \|/.test(line)).map(line => line.split('|').slice(1, -1).map(cell => cell.trim()));
	const header = doc.split('\n').find(line => line.startsWith('| state \\ event |'))!.split('|').slice(2, -1).map(cell => cell.trim());
	assert.deepEqual(header, [...VASSAL_EVENT_TYPES]);
	assert.deepEqual(rows.map(row => row[0]), [...VASSAL_STATES]);
	for (const [state, ...cells] of rows) {
		cells.forEach((cell, index) => {
			const eventType = VASSAL_EVENT_TYPES[index]!;
			const expected = run(recordIn(state as VassalState), sampleEventFor(eventType, recordIn(state as VassalState))).record.state;
			assert.equal(cell === '·' ? state : cell, expected, `${state} + ${eventType}`);
		});
	}
});

test('a failed spawn is an error once, then debug while it keeps failing', () => {
	const first = run(recordIn('starting'), {type: 'spawn-failed', reason: 'uwsgi not found'});
	const levelOf = (effects: readonly Effect[]) => effects.flatMap(effect => (effect.type === 'log' && effect.event === 'vassal-spawn-failed' ? [effect.level] : []));
	assert.deepEqual(levelOf(first.effects), ['error']);
	const again = run({...run(first.record, {type: 'deadline'}).record}, {type: 'spawn-failed', reason: 'uwsgi not found'});
	assert.deepEqual(levelOf(again.effects), ['debug']);
	assert.equal(again.record.state, 'backoff');
});

test('at shutdown no curse deadline is armed: --reload-mercy decides when to kill', () => {
	const {record, effects} = run(recordIn('running'), {type: 'shutdown'});
	assert.equal(record.state, 'stopping');
	assert.equal(record.deadline, undefined);
	assert.deepEqual(effectsOf(effects, 'send'), [{type: 'send', byte: 0, reason: 'shutdown'}]);
});

test('vassal-exited carries the exit class; a crash is a warning unless its status is clean', () => {
	const exitedLog = (record: VassalRecord, code: number | null, signal: string | null) => {
		const {effects} = run(record, {type: 'exited', code, signal});
		const log = effects.find(effect => effect.type === 'log' && effect.event === 'vassal-exited');
		return log?.type === 'log' ? {level: log.level, class: log.fields?.class} : undefined;
	};
	assert.deepEqual(exitedLog(recordIn('running'), 1, null), {level: 'warn', class: 'failure'});
	assert.deepEqual(exitedLog(recordIn('running'), 30, null), {level: 'info', class: 'clean'});
	assert.deepEqual(exitedLog(recordIn('running'), null, 'SIGKILL'), {level: 'warn', class: 'signal'});
	assert.deepEqual(exitedLog(recordIn('stopping'), 0, null), {level: 'info', class: 'clean'});
	assert.deepEqual(exitedLog(recordIn('stopping'), null, 'SIGKILL'), {level: 'info', class: 'signal'});
});

test('an operator stop keeps the vassal stopped until its file changes or a retry', () => {
	const stopping = run(recordIn('running'), {type: 'stop', reason: 'operator'});
	assert.equal(stopping.record.stopReason, 'operator');
	const {record, effects} = run(stopping.record, {type: 'exited', code: 0, signal: null});
	assert.equal(record.state, 'stopped');
	assert.equal(effectsOf(effects, 'spawn').length + effectsOf(effects, 'forget').length, 0);
	assert.equal(run(record, {type: 'retry'}).record.state, 'starting');
	assert.equal(run(record, {type: 'file-changed'}).record.state, 'starting');
});

test('an operator reload says so in its reason', () => {
	const {effects} = run(recordIn('running'), {type: 'reload', reason: 'operator'});
	assert.deepEqual(effectsOf(effects, 'send'), [{type: 'send', byte: 1, reason: 'operator'}]);
});

test('a restart stops the vassal and spawns it again after the exit', () => {
	const stopping = run(recordIn('running'), {type: 'restart'});
	assert.equal(stopping.record.stopReason, 'restart');
	assert.deepEqual(effectsOf(stopping.effects, 'send'), [{type: 'send', byte: 0, reason: 'restart'}]);
	assert.equal(run(stopping.record, {type: 'exited', code: 0, signal: null}).record.state, 'starting');
});

test('a vassal stopped because tyrant mode refused its file stays stopped', () => {
	const stopping = run(recordIn('running'), {type: 'stop', reason: 'refused'});
	assert.equal(stopping.record.stopReason, 'refused');
	assert.equal(run(stopping.record, {type: 'exited', code: 0, signal: null}).record.state, 'stopped');
});
