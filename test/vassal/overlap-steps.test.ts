import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {earliestDeadline} from '../../src/vassal/overlap-steps.js';
import {targetOf, transition} from '../../src/vassal/transitions.js';
import {hasProcesses, listProcesses, makeVassalRecord, type Effect, type VassalEvent, type VassalRecord} from '../../src/vassal/vassal-state.js';
import {TEST_POLICY} from '../helpers/vassal-policy.js';

const NOW = 1_000_000;
const SOCKET = '/run/app.sock';
const policy = TEST_POLICY;

const run = (record: VassalRecord, event: VassalEvent, now = NOW) => transition({record, event, now, policy, random: 0.5});
const effectsOf = (effects: readonly Effect[], type: Effect['type']) => effects.filter(effect => effect.type === type);
const logOf = (effects: readonly Effect[], event: string) =>
	effects.flatMap(effect => (effect.type === 'log' && effect.event === event ? [effect] : []))[0];

// walks a vassal through events; returns the last result
const walk = (record: VassalRecord, ...events: VassalEvent[]) => {
	let result = {record, effects: [] as readonly Effect[]};
	for (const event of events) result = run(result.record, event);
	return result;
};

// generation 1 serves on a held socket (on-demand = false), accepting
const serving: VassalRecord = {
	...makeVassalRecord('app.ini'), state: 'running', pid: 100, startedAt: NOW - 5000, ready: true, accepting: true,
	generation: 1, spawns: 1, onDemandSocket: SOCKET, runsAtOnce: true, reloadMode: 'overlap',
};
const touched: VassalEvent = {type: 'file-changed', onDemandSocket: SOCKET, runsAtOnce: true, reloadMode: 'overlap'};
const overlapping = walk(serving, touched, {type: 'spawned', pid: 200, generation: 2}).record;

describe('a reload by overlap', () => {
	test('a touch starts generation 2 beside generation 1, which keeps serving', () => {
		const {record, effects} = run(serving, touched);
		assert.equal(record.state, 'overlapping');
		assert.equal(record.pid, 100);
		assert.equal(record.accepting, true);
		assert.deepEqual(record.successor, {id: 2, startedAt: NOW, ready: false, accepting: false, deadlineAt: NOW + policy.reloadTimeoutMs});
		assert.deepEqual(effectsOf(effects, 'spawn'), [{type: 'spawn', generation: 2}]);
		assert.deepEqual(effectsOf(effects, 'send'), []);
	});

	test('SIGHUP and emperor reload NAME overlap too; a reload during an overlap changes nothing', () => {
		assert.equal(run(serving, {type: 'reload', reason: 'reload-all'}).record.state, 'overlapping');
		const again = run(overlapping, {type: 'reload', reason: 'operator'});
		assert.equal(again.record, overlapping);
		assert.deepEqual(again.effects, []);
	});

	test('byte 1 of the new generation is not enough; byte 5 makes it the serving one and the old one stops gracefully', () => {
		const ready = run(overlapping, {type: 'byte', byte: 1, generation: 2}).record;
		assert.equal(ready.state, 'overlapping');
		assert.equal(ready.pid, 100);
		const {record, effects} = run(ready, {type: 'byte', byte: 5, generation: 2}, NOW + 3000);
		assert.equal(record.state, 'running');
		assert.equal(record.generation, 2);
		assert.equal(record.pid, 200);
		assert.equal(record.accepting, true);
		assert.equal(record.successor, undefined);
		assert.deepEqual(record.retiring.map(old => [old.id, old.pid, old.reason]), [[1, 100, 'replaced']]);
		assert.deepEqual(effectsOf(effects, 'promote'), [{type: 'promote', generation: 2}]);
		assert.deepEqual(effectsOf(effects, 'send'), [{type: 'send', byte: 2, reason: 'replaced', generation: 1}]);
		assert.equal(logOf(effects, 'vassal-reloaded')?.fields?.readyMs, 3000);
	});

	test('the old generation is forgotten when it exits; the vassal runs on', () => {
		const promoted = run(overlapping, {type: 'byte', byte: 5, generation: 2}).record;
		const {record, effects} = run(promoted, {type: 'exited', code: 0, signal: null, generation: 1});
		assert.equal(record.state, 'running');
		assert.deepEqual(record.retiring, []);
		assert.equal(record.pid, 200);
		assert.ok(logOf(effects, 'vassal-retired'));
		assert.equal(hasProcesses(record), true);
	});

	test('an old generation still alive at its curse is killed, and the curse repeats', () => {
		const promoted = run(overlapping, {type: 'byte', byte: 5, generation: 2}).record;
		const curseAt = promoted.retiring[0]!.deadlineAt;
		assert.equal(earliestDeadline(promoted), curseAt);
		const {record, effects} = run(promoted, {type: 'deadline'}, curseAt);
		assert.deepEqual(effectsOf(effects, 'kill'), [{type: 'kill', signal: 'SIGKILL', reason: 'curse-tolerance', generation: 1}]);
		assert.equal(record.retiring[0]!.deadlineAt, curseAt + policy.curseToleranceMs);
		assert.equal(record.pid, 200);
	});
});

describe('a bad deploy never takes the app down', () => {
	test('a new generation that exits before accepting is given up: the old one keeps serving', () => {
		const {record, effects} = run(overlapping, {type: 'exited', code: 22, signal: null, generation: 2});
		assert.equal(record.state, 'running');
		assert.equal(record.pid, 100);
		assert.equal(record.successor, undefined);
		assert.deepEqual(record.failedReload, {at: NOW, reason: 'exited with code 22 before accepting', generation: 2});
		assert.equal(logOf(effects, 'vassal-reload-failed')?.level, 'error');
		assert.deepEqual(effectsOf(effects, 'spawn'), []);
	});

	test('a new generation not accepting by the reload timeout is killed (it has nothing to finish), and the old one stays', () => {
		const at = overlapping.successor!.deadlineAt;
		const {record, effects} = run(overlapping, {type: 'deadline'}, at);
		assert.equal(record.state, 'running');
		assert.equal(record.pid, 100);
		assert.match(record.failedReload!.reason, /reload-timeout/);
		assert.deepEqual(effectsOf(effects, 'kill'), [{type: 'kill', signal: 'SIGKILL', reason: 'reload-timeout', generation: 2}]);
		assert.deepEqual(record.retiring.map(old => old.id), [2], 'it is waited for until it exits');
	});

	test('a new generation that closes its channel is judged by its exit, not by the close', () => {
		const closed = run(overlapping, {type: 'channel-closed', generation: 2}).record;
		assert.equal(closed.state, 'overlapping');
		assert.equal(run(closed, {type: 'exited', code: 22, signal: null, generation: 2}).record.failedReload?.reason, 'exited with code 22 before accepting');
	});

	test('[emperor] reload-timeout of the file wins over the emperor default', () => {
		const record = run({...serving, reloadTimeoutMs: 5000}, {...touched, reloadTimeoutMs: 5000}).record;
		assert.equal(record.successor!.deadlineAt, NOW + 5000);
	});

	test('after a failed reload, a crash of the serving generation respawns from the kept config', () => {
		const failed = run(overlapping, {type: 'exited', code: 22, signal: null, generation: 2}).record;
		const {record, effects} = run(failed, {type: 'exited', code: null, signal: 'SIGKILL', generation: 1});
		assert.equal(record.state, 'starting');
		assert.deepEqual(effectsOf(effects, 'spawn'), [{type: 'spawn', generation: 3, fromKept: true}]);
	});

	test('the next file change tries the file again', () => {
		const failed = run(overlapping, {type: 'exited', code: 22, signal: null, generation: 2}).record;
		const {record, effects} = run(failed, touched);
		assert.equal(record.failedReload, undefined);
		assert.deepEqual(effectsOf(effects, 'spawn'), [{type: 'spawn', generation: 3}]);
	});
});

describe('an overlap interrupted', () => {
	test('a second touch during the overlap replaces the new generation with a newer one', () => {
		const {record, effects} = run(overlapping, touched);
		assert.equal(record.state, 'overlapping');
		assert.equal(record.successor?.id, 3);
		assert.deepEqual(record.retiring.map(old => old.id), [2]);
		assert.deepEqual(effectsOf(effects, 'send'), [{type: 'send', byte: 2, reason: 'superseded', generation: 2}]);
	});

	test('the serving generation dying during the overlap hands over to the new one, still starting', () => {
		const {record, effects} = run(overlapping, {type: 'exited', code: null, signal: 'SIGKILL', generation: 1});
		assert.equal(record.state, 'starting');
		assert.equal(record.generation, 2);
		assert.equal(record.pid, 200);
		assert.deepEqual(effectsOf(effects, 'spawn'), []);
		assert.equal(run(record, {type: 'byte', byte: 5, generation: 2}).record.accepting, true);
	});

	test('a removed file stops both; the vassal is forgotten once the last process is gone', () => {
		const removed = run(overlapping, {type: 'file-removed'});
		assert.equal(removed.record.state, 'stopping');
		assert.deepEqual(effectsOf(removed.effects, 'send').map(effect => effect.type === 'send' && [effect.byte, effect.generation]), [[2, 2], [2, undefined]], 'both stop gracefully: they are on a held socket');
		const servingGone = run(removed.record, {type: 'exited', code: 0, signal: null, generation: 1});
		assert.equal(servingGone.record.state, 'stopping', 'the new generation is still finishing');
		assert.deepEqual(effectsOf(servingGone.effects, 'forget'), []);
		assert.equal(hasProcesses(servingGone.record), true);
		const allGone = run(servingGone.record, {type: 'exited', code: 0, signal: null, generation: 2});
		assert.deepEqual(effectsOf(allGone.effects, 'forget'), [{type: 'forget'}]);
		assert.equal(hasProcesses(allGone.record), false);
	});

	test('an event of a generation already gone changes nothing', () => {
		assert.deepEqual(targetOf(overlapping, {type: 'byte', byte: 5, generation: 7}), {kind: 'stale'});
		assert.equal(run(overlapping, {type: 'byte', byte: 5, generation: 7}).record, overlapping);
	});
});

describe('which reload a vassal gets', () => {
	test('without a held socket, or with reload = in-place, a reload is uWSGI\'s byte 1', () => {
		const plain = {...serving, onDemandSocket: undefined};
		assert.deepEqual(effectsOf(run(plain, {type: 'reload', reason: 'operator'}).effects, 'send'), [{type: 'send', byte: 1, reason: 'operator'}]);
		const inPlace = run(serving, {...touched, reloadMode: 'in-place'});
		assert.equal(inPlace.record.state, 'reloading');
	});

	test('a vassal still starting reloads in place: nothing serves yet to overlap with', () => {
		assert.equal(run({...serving, state: 'starting'}, touched).record.state, 'reloading');
	});
});

test('listProcesses names every process with its generation: serving, new, old', () => {
	const promoted = run(overlapping, {type: 'byte', byte: 5, generation: 2}).record;
	assert.deepEqual(listProcesses(overlapping), [{generation: 1, pid: 100}, {generation: 2, pid: 200}]);
	assert.deepEqual(listProcesses(promoted), [{generation: 2, pid: 200}, {generation: 1, pid: 100}]);
	assert.deepEqual(listProcesses(makeVassalRecord('idle.ini')), []);
});
