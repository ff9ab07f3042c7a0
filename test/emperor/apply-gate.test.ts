import assert from 'node:assert/strict';
import {test} from 'node:test';
import {makeApplyGate} from '../../src/emperor/apply-gate.js';

test('no more than the limit run at once, and every task runs', async () => {
	const gate = makeApplyGate(2);
	let running = 0;
	let most = 0;
	const task = async (value: number) => {
		running++;
		most = Math.max(most, running);
		await new Promise(resolve => setImmediate(resolve));
		running--;
		return value;
	};
	const results = await Promise.all(Array.from({length: 10}, (_, index) => gate(() => task(index))));
	assert.deepEqual(results, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
	assert.equal(most, 2);
});

test('a failing task frees its place', async () => {
	const gate = makeApplyGate(1);
	await assert.rejects(gate(async () => {
		throw new Error('bad file');
	}), /bad file/);
	assert.equal(await gate(async () => 'next'), 'next');
});
