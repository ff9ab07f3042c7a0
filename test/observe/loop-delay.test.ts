import assert from 'node:assert/strict';
import {test} from 'node:test';
import {createLoopDelayMonitor} from '../../src/observe/loop-delay.js';

const waitUntil = async (predicate: () => boolean) => {
	while (!predicate()) await new Promise(resolve => setImmediate(resolve));
};

test('the loop-delay monitor samples after activity and stops once idle', async () => {
	const monitor = createLoopDelayMonitor({resolutionMs: 1, idleMs: 50});
	assert.equal(monitor.histogram.count, 0, 'nothing sampled before any activity');
	monitor.noteActivity();
	await waitUntil(() => monitor.histogram.count >= 3);
	// idle: the idle timer fires and disables sampling; count then stays put across a further wait
	await new Promise(resolve => setTimeout(resolve, 120));
	const settled = monitor.histogram.count;
	await new Promise(resolve => setTimeout(resolve, 60));
	assert.equal(monitor.histogram.count, settled, 'no samples while idle');
	monitor.noteActivity();
	await waitUntil(() => monitor.histogram.count > settled);
});
