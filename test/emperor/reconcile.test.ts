import assert from 'node:assert/strict';
import {test} from 'node:test';
import {planFileAction, planShutdown} from '../../src/emperor/reconcile.js';

const fingerprint = {mtimeNs: 1n, size: 10n, ino: 5n};

test('a file seen for the first time adds a vassal', () => {
	assert.equal(planFileAction(undefined, fingerprint), 'add');
});

test('a known file seen again changes its vassal', () => {
	assert.equal(planFileAction({state: 'running'}, fingerprint), 'change');
});

test('a file gone removes its vassal', () => {
	assert.equal(planFileAction({state: 'running'}, undefined), 'remove');
});

test('a file gone that never had a vassal is ignored', () => {
	assert.equal(planFileAction(undefined, undefined), 'ignore');
});

test('the emperor is buried once no vassal has a process', () => {
	const vassal = (name: string, live: boolean) => ({name, isLive: () => live});
	assert.deepEqual(planShutdown([vassal('a.ini', true), vassal('b.ini', false)]), {live: ['a.ini'], isBuried: false});
	assert.deepEqual(planShutdown([vassal('b.ini', false)]), {live: [], isBuried: true});
	assert.deepEqual(planShutdown([]), {live: [], isBuried: true});
});
