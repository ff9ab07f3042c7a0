import assert from 'node:assert/strict';
import {test} from 'node:test';
import {awaitedVassals, countGoverned, hasSettled, type VassalView} from '../../src/emperor/readiness.js';
import {isLiveState, VASSAL_STATES, type VassalState} from '../../src/vassal/vassal-state.js';

const vassalsIn = (states: Record<string, VassalState>): Map<string, VassalView> =>
	new Map(Object.entries(states).map(([name, state]) => [name, {record: {state}, isLive: () => isLiveState(state)}]));

test('only starting, reloading and overlapping vassals hold READY=1, and running ones not yet accepting; every other state has settled', () => {
	const holding = VASSAL_STATES.filter(state => !hasSettled({state, accepting: true}));
	assert.deepEqual(holding, ['starting', 'reloading', 'overlapping']);
	assert.equal(hasSettled({state: 'running', accepting: false}), false, 'byte 1 alone: the app may still be loading (lazy-apps)');
	assert.equal(hasSettled({state: 'running', accepting: true}), true);
});

test('awaitedVassals names the first-scan vassals still on their way up, and skips vassals that are gone', () => {
	const vassals = vassalsIn({'a.ini': 'running', 'b.ini': 'starting', 'c.ini': 'backoff', 'd.ini': 'reloading', 'late.ini': 'starting'});
	assert.deepEqual(awaitedVassals(['a.ini', 'b.ini', 'c.ini', 'd.ini', 'removed.ini'], vassals), ['b.ini', 'd.ini']);
});

test('the governed count is the number of vassals with a live process, stopping ones included', () => {
	assert.equal(countGoverned(vassalsIn({'a.ini': 'running', 'b.ini': 'stopping', 'c.ini': 'invalid', 'd.ini': 'exiled', 'e.ini': 'starting'})), 3);
	assert.equal(countGoverned(new Map()), 0);
});
