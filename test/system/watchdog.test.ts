import assert from 'node:assert/strict';
import {test} from 'node:test';
import {startWatchdog, watchdogIntervalMs} from '../../src/system/watchdog.js';

test('the watchdog pings at half of WATCHDOG_USEC, only when WATCHDOG_PID (if set) is this process', () => {
	const pid = 4242;
	assert.equal(watchdogIntervalMs({}, pid), undefined);
	assert.equal(watchdogIntervalMs({WATCHDOG_USEC: '30000000'}, pid), 15_000);
	assert.equal(watchdogIntervalMs({WATCHDOG_USEC: '30000000', WATCHDOG_PID: '4242'}, pid), 15_000);
	assert.equal(watchdogIntervalMs({WATCHDOG_USEC: '30000000', WATCHDOG_PID: '1'}, pid), undefined, 'meant for another process');
	assert.equal(watchdogIntervalMs({WATCHDOG_USEC: '0'}, pid), undefined);
	assert.equal(watchdogIntervalMs({WATCHDOG_USEC: 'soon'}, pid), undefined);
	assert.equal(watchdogIntervalMs({WATCHDOG_USEC: '1500'}, pid), 1, 'never below 1 ms');
});

test('startWatchdog sends WATCHDOG=1 from a timer until stopped, and nothing when the watchdog is off', async () => {
	const sent: string[] = [];
	const stopOff = startWatchdog({send: message => sent.push(message), close: async () => {}}, undefined);
	stopOff();
	assert.equal(sent.length, 0);
	// the watchdog's timer is unref'd, so this one keeps the test's event loop alive meanwhile
	const guard = setTimeout(() => assert.fail('no WATCHDOG=1 within 5 s'), 5000);
	await new Promise<void>(resolve => {
		const stop = startWatchdog({send(message) {
			sent.push(message);
			if (sent.length === 2) {
				stop();
				resolve();
			}
		}, close: async () => {}}, 5);
	});
	clearTimeout(guard);
	assert.deepEqual(sent, ['WATCHDOG=1', 'WATCHDOG=1']);
});
