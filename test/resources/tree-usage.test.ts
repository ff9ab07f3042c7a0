import assert from 'node:assert/strict';
import {test} from 'node:test';
import {addUsage, groupBySession, sumTree} from '../../src/resources/tree-usage.js';

const entry = (pid: number, session: number, pgrp = session, cpuTicks = 100) => ({pid, ppid: 1, pgrp, session, cpuTicks});

test('a tree is every process of the sessions a vassal\'s processes lead, and no other', () => {
	const table = [entry(10, 10), entry(11, 10), entry(12, 10, 12), entry(20, 20), entry(21, 20), entry(30, 1, 1)];
	const trees = groupBySession(table, [10, 20, 40]);
	assert.deepEqual(trees.get(10)!.map(process => process.pid), [10, 11, 12]);
	assert.deepEqual(trees.get(20)!.map(process => process.pid), [20, 21]);
	assert.deepEqual(trees.get(40), []);
});

test('a tree adds up the memory of each process and its CPU ticks as seconds; a process gone counts nothing', () => {
	const memory = new Map([[10, 1000], [11, 500]]);
	assert.deepEqual(sumTree([entry(10, 10, 10, 150), entry(11, 10, 10, 50), entry(12, 10, 10, 0)], pid => memory.get(pid)), {memory: 1500, cpu: 2});
	assert.deepEqual(addUsage({memory: 1, cpu: 0.5}, {memory: 2, cpu: 1}), {memory: 3, cpu: 1.5});
});
