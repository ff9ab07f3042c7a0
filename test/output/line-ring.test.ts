import assert from 'node:assert/strict';
import {test} from 'node:test';
import {makeLineRing} from '../../src/output/line-ring.js';

test('the ring keeps the newest lines within its count, numbered in order', () => {
	const ring = makeLineRing(3, 1_000_000);
	for (let index = 1; index <= 10; index++) ring.push(index, 'stdout', `line ${index}`);
	assert.deepEqual(ring.read().map(line => line.text), ['line 8', 'line 9', 'line 10']);
	assert.deepEqual(ring.read(9).map(line => line.seq), [10]);
	assert.deepEqual(ring.read(0, 1).map(line => line.text), ['line 10']);
	assert.equal(ring.lastSeq(), 10);
});

test('the ring keeps within its bytes, but always the newest line', () => {
	const ring = makeLineRing(100, 200);
	ring.push(1, 'stderr', 'a'.repeat(50));
	ring.push(2, 'stderr', 'b'.repeat(50));
	assert.deepEqual(ring.read().map(line => line.time), [2]);
	ring.push(3, 'stdout', 'c'.repeat(500));
	assert.deepEqual(ring.read().map(line => line.time), [3]);
});

test('a long run of lines stays bounded in the array too', () => {
	const ring = makeLineRing(5, 1_000_000);
	for (let index = 0; index < 10_000; index++) ring.push(index, 'stdout', String(index));
	assert.equal(ring.read().length, 5);
	assert.equal(ring.read().at(-1)?.text, '9999');
});
