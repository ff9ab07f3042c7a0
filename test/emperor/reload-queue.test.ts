import assert from 'node:assert/strict';
import {test} from 'node:test';
import {countReloadsToStart, makeReloadQueue, type ReloadableVassal} from '../../src/emperor/reload-queue.js';

// a vassal whose reload overlaps (or, with inPlace, goes back to running at once)
const makeVassal = (name: string, inPlace = false) => {
	const vassal = {
		name,
		record: {state: 'running'},
		reloads: 0,
		dispatch() {
			vassal.reloads++;
			vassal.record = {state: inPlace ? 'running' : 'overlapping'};
		},
	};
	return vassal;
};

test('countReloadsToStart fills the free overlap slots, never more than are queued', () => {
	assert.equal(countReloadsToStart(10, 0, 2), 2);
	assert.equal(countReloadsToStart(10, 1, 2), 1);
	assert.equal(countReloadsToStart(10, 3, 2), 0);
	assert.equal(countReloadsToStart(1, 0, 2), 1);
});

test('reload-all overlaps at most N vassals at a time, and starts the next as each overlap ends', () => {
	const vassals = ['a', 'b', 'c', 'd', 'e'].map(name => makeVassal(name));
	const queue = makeReloadQueue(2, () => vassals as ReloadableVassal[]);
	queue.reloadAll(vassals);
	assert.deepEqual(vassals.map(vassal => vassal.reloads), [1, 1, 0, 0, 0]);
	assert.equal(queue.pending, 3);
	vassals[0]!.record = {state: 'running'};
	queue.pump();
	assert.deepEqual(vassals.map(vassal => vassal.reloads), [1, 1, 1, 0, 0]);
	for (const vassal of vassals) vassal.record = {state: 'running'};
	queue.pump();
	assert.deepEqual(vassals.map(vassal => vassal.reloads), [1, 1, 1, 1, 1]);
	assert.equal(queue.pending, 0);
});

test('vassals that reload in place do not wait for a slot', () => {
	const vassals = ['a', 'b', 'c', 'd'].map(name => makeVassal(name, true));
	const queue = makeReloadQueue(1, () => vassals as ReloadableVassal[]);
	queue.reloadAll(vassals);
	assert.deepEqual(vassals.map(vassal => vassal.reloads), [1, 1, 1, 1]);
});

test('a second SIGHUP queues the vassals still waiting once, and the one reloading again after them', () => {
	const vassals = ['a', 'b', 'c'].map(name => makeVassal(name));
	const queue = makeReloadQueue(1, () => vassals as ReloadableVassal[]);
	queue.reloadAll(vassals);
	queue.reloadAll(vassals);
	assert.equal(queue.pending, 3);
});
