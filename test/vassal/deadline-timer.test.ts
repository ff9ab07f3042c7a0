import assert from 'node:assert/strict';
import {mock, test} from 'node:test';
import {DeadlineTimer} from '../../src/vassal/deadline-timer.js';

test('the timer fires once at the time it was armed for; a new time replaces it; clear stops it', () => {
	mock.timers.enable({apis: ['setTimeout']});
	try {
		let now = 1000;
		const fired: number[] = [];
		const timer = new DeadlineTimer(() => fired.push(now), () => now);
		timer.sync(1500);
		mock.timers.tick(499);
		assert.deepEqual(fired, []);
		timer.sync(1500);
		now = 1500;
		mock.timers.tick(1);
		assert.deepEqual(fired, [1500], 'syncing the same time keeps the timer armed as it was');
		timer.sync(1800);
		timer.sync(1600);
		now = 1600;
		mock.timers.tick(100);
		assert.deepEqual(fired, [1500, 1600], 'a new time replaces the old one');
		mock.timers.tick(500);
		assert.deepEqual(fired, [1500, 1600]);
		timer.sync(1700);
		timer.clear();
		mock.timers.tick(1000);
		assert.deepEqual(fired, [1500, 1600]);
		timer.sync(undefined);
		timer.sync(1000);
		mock.timers.tick(0);
		assert.equal(fired.length, 3, 'a time already past fires at once');
	} finally {
		mock.timers.reset();
	}
});
