import assert from 'node:assert/strict';
import {test} from 'node:test';
import {planFileAction, planShutdown} from '../../src/emperor/reconcile.js';
import type {FileFingerprint} from '../../src/monitor/file-fingerprint.js';

const fingerprint: FileFingerprint = {mtimeNs: 1n, size: 10n, ino: 5n, uid: 33, gid: 33, mode: 0o644, isSymlink: false};
const running = {state: 'running' as const};

test('a file seen for the first time adds a vassal', () => {
	assert.equal(planFileAction(undefined, undefined, fingerprint), 'add');
});

test('a new version of a known file changes its vassal', () => {
	assert.equal(planFileAction(running, fingerprint, {...fingerprint, mtimeNs: 2n}), 'change');
	assert.equal(planFileAction(running, fingerprint, {...fingerprint, size: 11n}), 'change');
	assert.equal(planFileAction(running, fingerprint, {...fingerprint, ino: 6n}), 'change');
});

test('the same version seen again is ignored', () => {
	assert.equal(planFileAction(running, fingerprint, {...fingerprint}), 'ignore');
});

test('chown or chmod alone reloads nothing, except in tyrant mode', () => {
	assert.equal(planFileAction(running, fingerprint, {...fingerprint, uid: 1000}), 'ignore');
	assert.equal(planFileAction(running, fingerprint, {...fingerprint, uid: 1000}, true), 'permissions-changed');
	assert.equal(planFileAction(running, fingerprint, {...fingerprint, mode: 0o664}, true), 'permissions-changed');
});

test('a file gone removes its vassal', () => {
	assert.equal(planFileAction(running, fingerprint, undefined), 'remove');
});

test('a file gone that never had a vassal is ignored', () => {
	assert.equal(planFileAction(undefined, undefined, undefined), 'ignore');
});

test('the emperor is buried once no vassal has a process', () => {
	const vassal = (name: string, live: boolean) => ({name, isLive: () => live});
	assert.deepEqual(planShutdown([vassal('a.ini', true), vassal('b.ini', false)]), {live: ['a.ini'], isBuried: false});
	assert.deepEqual(planShutdown([vassal('b.ini', false)]), {live: [], isBuried: true});
	assert.deepEqual(planShutdown([]), {live: [], isBuried: true});
});
