import assert from 'node:assert/strict';
import {test} from 'node:test';
import {buildStatsDocument} from '../../src/observe/stats-document.js';
import {makeVassalRecord} from '../../src/vassal/vassal-state.js';

// the document a real uWSGI 2.0.21 Emperor (Debian) served (uwsgi-emperor.md §7)
const UWSGI_DOCUMENT = {
	version: '2.0.21-debian', pid: 8775, uid: 0, gid: 0, cwd: '/srv/exp1/vassals', emperor: ['/srv/exp1/vassals'], emperor_tyrant: 0, throttle_level: 0,
	vassals: [{id: 'a.ini', pid: 8780, born: 1795275339, last_mod: 1795275339, last_heartbeat: 0, loyal: 1, ready: 1, accepting: 1, last_loyal: 1795275341, last_ready: 1795275341,
		last_accepting: 1795275341, first_run: 1795275341, last_run: 1795275341, cursed: 0, zerg: 0, on_demand: '', uid: 0, gid: 0, monitor: '/srv/exp1/vassals', respawns: 0}],
	blacklist: [{id: 'c.ini', throttle_level: 7001, attempt: 7, first_attempt: 1795275430, last_attempt: 1795275462}],
};

const NOW = 1_795_275_500_000;
const facts = {version: 'emperor-0.1.0', pid: 10, uid: 0, gid: 0, cwd: '/srv', directory: '/srv/vassals', tyrant: false};
const running = {...makeVassalRecord('a.ini'), state: 'running' as const, pid: 42, ready: true, accepting: true, loyal: true, lastReadyAt: NOW - 5000, startedAt: NOW - 6000, firstRunAt: NOW - 6000, lastRunAt: NOW - 6000, spawns: 1};
const backingOff = {...makeVassalRecord('c.ini'), state: 'backoff' as const, quickDeaths: 3, lastExit: {code: 1, signal: null, at: NOW - 1000, reason: 'crashed'}, deadline: {kind: 'backoff' as const, at: NOW + 3000}};
const document = buildStatsDocument(facts, [
	{record: running, fileMtimeMs: NOW - 60_000, uid: 0, gid: 0, onDemand: ''},
	{record: backingOff, fileMtimeMs: NOW - 60_000, uid: 0, gid: 0, onDemand: ''},
], NOW);

const assertSameShape = (ours: Record<string, unknown>, theirs: Record<string, unknown>, where: string) => {
	for (const [key, value] of Object.entries(theirs)) {
		assert.ok(key in ours, `${where}.${key} is missing`);
		assert.equal(Array.isArray(ours[key]), Array.isArray(value), `${where}.${key} changed kind`);
		assert.equal(typeof ours[key], typeof value, `${where}.${key} is a ${typeof ours[key]}, uWSGI has a ${typeof value}`);
	}
};

test('every key of uWSGI emperor stats is there, with the same type', () => {
	assertSameShape(document, UWSGI_DOCUMENT, 'stats');
	assertSameShape(document.vassals[0]!, UWSGI_DOCUMENT.vassals[0]!, 'vassals[0]');
	assertSameShape(document.blacklist[0]!, UWSGI_DOCUMENT.blacklist[0]!, 'blacklist[0]');
});

test('times are epoch seconds and flags are 0 or 1', () => {
	const vassal = document.vassals[0]!;
	assert.equal(vassal.last_ready, Math.floor((NOW - 5000) / 1000));
	assert.equal(vassal.born, Math.floor((NOW - 60_000) / 1000));
	assert.deepEqual([vassal.loyal, vassal.ready, vassal.accepting], [1, 1, 1]);
});

test('a vassal without a process has pid -1 and a vassal in backoff is on the blacklist', () => {
	assert.equal(document.vassals[1]!.pid, -1);
	assert.deepEqual(document.blacklist, [{id: 'c.ini', throttle_level: 4000, attempt: 3, first_attempt: 0, last_attempt: Math.floor((NOW - 1000) / 1000)}]);
});

test('extra fields say the state, the last exit and the backoff', () => {
	const vassal = document.vassals[1]!;
	assert.equal(vassal.state, 'backoff');
	assert.deepEqual(vassal.last_exit, {code: 1, signal: null, at: Math.floor((NOW - 1000) / 1000), reason: 'crashed'});
	assert.equal(vassal.backoff_until, Math.floor((NOW + 3000) / 1000));
});

test('during an overlap both generations are listed, and old ones finishing their requests too', () => {
	const overlapping = {
		...running, state: 'overlapping' as const, generation: 3,
		successor: {id: 4, pid: 43, startedAt: NOW - 1000, ready: true, accepting: false, deadlineAt: NOW + 59_000},
		retiring: [{id: 2, pid: 41, startedAt: NOW - 90_000, ready: true, accepting: true, deadlineAt: NOW + 20_000, reason: 'replaced'}],
	};
	const [vassal] = buildStatsDocument(facts, [{record: overlapping, fileMtimeMs: NOW, uid: 0, gid: 0, onDemand: '/run/a.sock'}], NOW).vassals;
	assert.equal(vassal!.pid, 42, 'pid stays the serving process, as uWSGI tools read it');
	assert.deepEqual(vassal!.generations.map(generation => [generation.id, generation.role, generation.pid, generation.accepting]), [
		[3, 'serving', 42, 1], [4, 'new', 43, 0], [2, 'old', 41, 1],
	]);
	assert.equal(vassal!.reload_failed, null);
});

test('a failed reload says when and why', () => {
	const failed = {...running, failedReload: {at: NOW - 2000, reason: 'exited with code 22 before accepting', generation: 2}};
	const [vassal] = buildStatsDocument(facts, [{record: failed, fileMtimeMs: NOW, uid: 0, gid: 0, onDemand: ''}], NOW).vassals;
	assert.deepEqual(vassal!.reload_failed, {at: Math.floor((NOW - 2000) / 1000), reason: 'exited with code 22 before accepting', generation: 2});
});

test('each vassal has the memory (bytes) and CPU (seconds) of its process tree, 0 when they were not read', () => {
	const record = {...makeVassalRecord('m.ini'), state: 'running' as const, pid: 7};
	const [read, unread] = buildStatsDocument(facts, [
		{record, fileMtimeMs: 0, uid: 0, gid: 0, onDemand: '', usage: {memory: 1_048_576, cpu: 1.23456}},
		{record, fileMtimeMs: 0, uid: 0, gid: 0, onDemand: ''},
	], 0).vassals;
	assert.deepEqual([read!.memory, read!.cpu, unread!.memory, unread!.cpu], [1_048_576, 1.23, 0, 0]);
});
