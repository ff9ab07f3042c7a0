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

test('the ring keeps within its bytes (11 bytes of header a line), but always the newest line, cut to fit', () => {
	const ring = makeLineRing(100, 130);
	ring.push(1, 'stderr', 'a'.repeat(50));
	ring.push(2, 'stdout', 'b'.repeat(50));
	assert.deepEqual(ring.read().map(line => [line.time, line.stream]), [[1, 'stderr'], [2, 'stdout']]);
	ring.push(3, 'stderr', 'c'.repeat(50));
	assert.deepEqual(ring.read().map(line => line.time), [2, 3]);
	ring.push(4, 'stdout', 'd'.repeat(500));
	assert.deepEqual(ring.read().map(line => [line.time, line.text.length]), [[4, 119]]);
	// a multi-byte character is never cut in two
	ring.push(5, 'stdout', 'é'.repeat(100));
	assert.equal(ring.read().at(-1)?.text, 'é'.repeat(59));
});

test('the buffer grows from small as the lines need it, and keeps UTF-8 text as it was', () => {
	const ring = makeLineRing(1000, 32 * 1024);
	const lines = Array.from({length: 1500}, (_, index) => `line ${index} — «${'x'.repeat(index % 40)}»`);
	lines.forEach((text, index) => ring.push(index, index % 2 === 0 ? 'stdout' : 'stderr', text));
	const kept = ring.read(0, 1000);
	assert.ok(kept.length < 1000 && kept.length > 500, `${kept.length} kept`);
	assert.deepEqual(kept.map(line => line.text), lines.slice(1500 - kept.length));
	assert.deepEqual(kept.map(line => line.seq), Array.from({length: kept.length}, (_, index) => 1501 - kept.length + index));
});

test('a long run of lines stays bounded in the array too', () => {
	const ring = makeLineRing(5, 1_000_000);
	for (let index = 0; index < 10_000; index++) ring.push(index, 'stdout', String(index));
	assert.equal(ring.read().length, 5);
	assert.equal(ring.read().at(-1)?.text, '9999');
});
