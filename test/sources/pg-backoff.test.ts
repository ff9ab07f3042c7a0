import assert from 'node:assert/strict';
import {test} from 'node:test';
import {nextBackoffMs} from '../../src/sources/pg-backoff.js';

test('the backoff starts at half a second, doubles, stops at 30 s, and is spread by ±20 %', () => {
	const middle = () => 0.5;
	assert.deepEqual([0, 1, 2, 3, 6, 7, 50].map(attempt => nextBackoffMs(attempt, middle)), [500, 1000, 2000, 4000, 30_000, 30_000, 30_000]);
	assert.equal(nextBackoffMs(0, () => 0), 400);
	assert.equal(nextBackoffMs(0, () => 0.999_999), 600);
});
