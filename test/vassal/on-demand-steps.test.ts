import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {transition} from '../../src/vassal/transitions.js';
import {makeVassalRecord, type Effect, type VassalEvent, type VassalRecord} from '../../src/vassal/vassal-state.js';
import {TEST_POLICY} from '../helpers/vassal-policy.js';

const NOW = 1_000_000;
const SOCKET = '/run/app.sock';
const policy = TEST_POLICY;

const run = (record: VassalRecord, event: VassalEvent, now = NOW) => transition({record, event, now, policy, random: 0.5});
const typesOf = (effects: readonly Effect[]) => effects.filter(effect => effect.type !== 'log').map(effect => effect.type);
const logsOf = (effects: readonly Effect[]) => effects.flatMap(effect => (effect.type === 'log' ? [effect.event] : []));
const logOf = (effects: readonly Effect[], event: string) => effects.find(effect => effect.type === 'log' && effect.event === event);

// walks a vassal through events, returning each result
const walk = (record: VassalRecord, ...events: VassalEvent[]) => {
	const results = [];
	for (const event of events) {
		const result = run(record, event);
		results.push(result);
		record = result.record;
	}
	return results;
};

const added = {type: 'file-added', onDemandSocket: SOCKET} as const;
const changed = (onDemandSocket: string | undefined): VassalEvent => ({type: 'file-changed', onDemandSocket});
const dormant = run(makeVassalRecord('app.ini'), added).record;
const awake = (uptimeMs = 1000): VassalRecord => ({...run(dormant, {type: 'demand'}).record, state: 'running', pid: 100, startedAt: NOW - uptimeMs});
const exited = {type: 'exited', code: 0, signal: null} as const;

describe('a vassal with an on-demand socket', () => {
	test('a new file binds the socket and spawns nothing', () => {
		const {record, effects} = run(makeVassalRecord('app.ini'), added);
		assert.equal(record.state, 'on-demand');
		assert.equal(record.onDemandSocket, SOCKET);
		assert.deepEqual(typesOf(effects), ['listen']);
		assert.deepEqual(logsOf(effects), ['vassal-on-demand']);
	});

	test('a connection wakes it: one spawn, counted as a wake', () => {
		const {record, effects} = run(dormant, {type: 'demand'});
		assert.equal(record.state, 'starting');
		assert.deepEqual([record.spawns, record.wakes], [1, 1]);
		assert.deepEqual(typesOf(effects), ['spawn']);
		assert.deepEqual(logsOf(effects), ['vassal-wake']);
	});

	test('die-on-idle stops it and it goes back to waiting on the same socket, without a spawn', () => {
		const [stopping, back] = walk(awake(), {type: 'byte', byte: 22}, exited);
		assert.deepEqual(typesOf(stopping!.effects), ['send']);
		assert.equal(stopping!.record.stopReason, 'idle');
		assert.equal(back!.record.state, 'on-demand');
		assert.equal(back!.record.onDemandSocket, SOCKET);
		assert.equal(back!.record.pid, undefined);
		assert.deepEqual(typesOf(back!.effects), ['listen']);
	});

	test('a crash after a stable run sends it back to sleep: the next connection wakes it', () => {
		const {record, effects} = run(awake(policy.stableUptimeMs), {type: 'exited', code: 9, signal: null});
		assert.equal(record.state, 'on-demand');
		assert.deepEqual(typesOf(effects), ['listen']);
	});

	test('a quick crash backs off first, then sleeps on its socket (connections wait in the backlog meanwhile)', () => {
		const [backoff, resumed] = walk(awake(), {type: 'exited', code: 9, signal: null}, {type: 'deadline'});
		assert.equal(backoff!.record.state, 'backoff');
		assert.equal(resumed!.record.state, 'on-demand');
		assert.deepEqual(typesOf(resumed!.effects), ['listen']);
	});

	test('a dormant vassal whose file changes stays dormant with the new config', () => {
		const {record, effects} = run(dormant, changed(SOCKET));
		assert.equal(record.state, 'on-demand');
		assert.deepEqual(typesOf(effects), ['listen']);
	});

	test('a dormant vassal whose file turns invalid stays dormant on its socket', () => {
		const {record, effects} = run(dormant, {type: 'config-invalid'});
		assert.equal(record.state, 'on-demand');
		assert.deepEqual(effects, []);
	});

	test('a dormant vassal whose file drops the socket is spawned at once, as a plain vassal', () => {
		const {record, effects} = run(dormant, changed(undefined));
		assert.equal(record.state, 'starting');
		assert.equal(record.onDemandSocket, undefined);
		assert.deepEqual(typesOf(effects), ['spawn']);
	});

	test('a running vassal whose file keeps the socket reloads by overlap: a new generation on the same socket', () => {
		const before = awake();
		const {record, effects} = run(before, changed(SOCKET));
		assert.equal(record.state, 'overlapping');
		assert.equal(record.successor?.id, before.spawns + 1);
		assert.deepEqual(effects.filter(effect => effect.type === 'spawn'), [{type: 'spawn', generation: before.spawns + 1}]);
		assert.deepEqual(effects.filter(effect => effect.type === 'send'), [], 'the serving generation is left alone');
	});

	test('a running vassal whose file says reload = in-place gets byte 1', () => {
		const {record, effects} = run(awake(), {type: 'file-changed', onDemandSocket: SOCKET, reloadMode: 'in-place'});
		assert.equal(record.state, 'reloading');
		assert.deepEqual(effects.filter(effect => effect.type === 'send'), [{type: 'send', byte: 1, reason: 'file-changed'}]);
	});

	test('a running vassal whose file names another socket is stopped and sleeps on the new one', () => {
		const [stopping, back] = walk(awake(), changed('/run/other.sock'), exited);
		assert.equal(stopping!.record.stopReason, 'restart');
		assert.deepEqual(stopping!.effects.filter(effect => effect.type === 'send'), [{type: 'send', byte: 2, reason: 'restart'}], 'a vassal on a held socket stops gracefully');
		assert.equal(back!.record.state, 'on-demand');
		assert.equal(back!.record.onDemandSocket, '/run/other.sock');
	});

	test('a vassal whose file names a socket while it stops sleeps on it after the exit', () => {
		const removed = run(awake(), {type: 'file-removed'}).record;
		const [, back] = walk(removed, changed('/run/again.sock'), exited);
		assert.equal(back!.record.state, 'on-demand');
		assert.equal(back!.record.onDemandSocket, '/run/again.sock');
	});

	test('a socket that cannot be bound is a quick death: an error once, debug while it keeps failing', () => {
		const failed = {type: 'listen-failed', reason: 'bind /run/app.sock: Permission denied'} as const;
		const [first, retried, again] = walk(dormant, failed, {type: 'deadline'}, failed);
		assert.equal(first!.record.state, 'backoff');
		assert.deepEqual(logOf(first!.effects, 'vassal-listen-failed'), {
			type: 'log', level: 'error', event: 'vassal-listen-failed', fields: {reason: failed.reason, code: 'VASSAL_LISTEN_FAILED'},
		});
		assert.equal(retried!.record.state, 'on-demand');
		assert.deepEqual(logOf(again!.effects, 'vassal-listen-failed'), {...logOf(first!.effects, 'vassal-listen-failed'), level: 'debug'});
	});

	test('retry, or a tyrant restart, puts it back to sleep rather than spawning it', () => {
		const backoff = run(awake(), {type: 'exited', code: 9, signal: null}).record;
		assert.equal(run(backoff, {type: 'retry'}).record.state, 'on-demand');
		assert.equal(run(dormant, {type: 'restart'}).record.state, 'on-demand');
	});

	test('removing its file forgets a dormant vassal (the socket is closed with it)', () => {
		const {record, effects} = run(dormant, {type: 'file-removed'});
		assert.equal(record.state, 'stopped');
		assert.deepEqual(typesOf(effects), ['forget']);
	});

	test('a connection seen in another state changes nothing', () => {
		for (const record of [awake(), run(awake(), {type: 'exited', code: 9, signal: null}).record]) {
			assert.deepEqual(run(record, {type: 'demand'}), {record, effects: []});
		}
	});
});

describe('a held socket with on-demand = false', () => {
	const held = {...makeVassalRecord('app.ini'), onDemandSocket: SOCKET, runsAtOnce: true};

	test('a new file binds the socket and spawns at once, without waiting for a connection', () => {
		const {record, effects} = run(makeVassalRecord('app.ini'), {type: 'file-added', onDemandSocket: SOCKET, runsAtOnce: true});
		assert.equal(record.state, 'starting');
		assert.deepEqual(typesOf(effects), ['listen', 'spawn']);
	});

	test('a serving vassal that dies is spawned again at once on the same socket', () => {
		const serving = {...held, state: 'running' as const, pid: 100, startedAt: NOW - 1000, accepting: true};
		const {record, effects} = run(serving, {type: 'exited', code: null, signal: 'SIGKILL'});
		assert.equal(record.state, 'starting');
		assert.deepEqual(typesOf(effects), ['listen', 'spawn']);
	});

	test('a socket that cannot be bound before the spawn backs off', () => {
		const starting = {...held, state: 'starting' as const, startedAt: NOW};
		assert.equal(run(starting, {type: 'listen-failed', reason: 'bind /run/app.sock: Permission denied'}).record.state, 'backoff');
	});

	test('a dormant vassal whose file now says on-demand = false starts at once', () => {
		const dormant = {...makeVassalRecord('app.ini'), state: 'on-demand' as const, onDemandSocket: SOCKET};
		const {record, effects} = run(dormant, {type: 'file-changed', onDemandSocket: SOCKET, runsAtOnce: true});
		assert.equal(record.state, 'starting');
		assert.deepEqual(typesOf(effects), ['listen', 'spawn']);
	});

	test('a running vassal whose file goes back to on-demand = true reloads, and sleeps after its next exit', () => {
		const running = {...held, state: 'running' as const, pid: 100, startedAt: NOW - 1000, accepting: true};
		const reloaded = run(running, {type: 'file-changed', onDemandSocket: SOCKET, runsAtOnce: false, reloadMode: 'in-place'});
		assert.equal(reloaded.record.state, 'reloading');
		const accepting = run(reloaded.record, {type: 'byte', byte: 5}).record;
		assert.equal(run(accepting, {type: 'exited', code: null, signal: 'SIGKILL'}).record.state, 'on-demand');
	});
});
