import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {FileObservation} from '../../src/monitor/directory-monitor.js';
import type {FileFingerprint} from '../../src/monitor/file-fingerprint.js';
import {claimName, releaseName, type NameClaims} from '../../src/sources/name-claims.js';

const fingerprint = (mtimeNs: bigint): FileFingerprint => ({mtimeNs, size: 1n, ino: 1n, uid: 0, gid: 0, mode: 0o644, isSymlink: false});
const seen = (name: string, mtimeNs = 1n): FileObservation => ({name, fingerprint: fingerprint(mtimeNs)});

test('the first source to produce a name owns it; its later observations stay its own', () => {
	const claims: NameClaims = new Map();
	assert.deepEqual(claimName(claims, seen('app.ini'), 0), {isOwner: true, isNew: true, owner: 0});
	assert.deepEqual(claimName(claims, seen('app.ini', 2n), 0), {isOwner: true, isNew: false, owner: 0});
});

test('a second source producing the name is refused, and said once, not on every change', () => {
	const claims: NameClaims = new Map();
	claimName(claims, seen('app.ini'), 0);
	assert.deepEqual(claimName(claims, seen('app.ini'), 1), {isOwner: false, isNew: true, owner: 0});
	assert.deepEqual(claimName(claims, seen('app.ini', 3n), 1), {isOwner: false, isNew: false, owner: 0});
});

test('when the owner lets the name go, the waiting source takes it over with its latest observation', () => {
	const claims: NameClaims = new Map();
	claimName(claims, seen('app.ini'), 0);
	claimName(claims, seen('app.ini'), 1);
	claimName(claims, seen('app.ini', 5n), 1);
	const released = releaseName(claims, 'app.ini', 0);
	assert.equal(released.wasOwner, true);
	assert.deepEqual(released.next, {source: 1, observation: seen('app.ini', 5n)});
	assert.equal(claims.get('app.ini')?.owner, 1);
	assert.deepEqual(releaseName(claims, 'app.ini', 1), {wasOwner: true});
	assert.equal(claims.has('app.ini'), false);
});

test('a waiting source that lets the name go changes nothing for the owner', () => {
	const claims: NameClaims = new Map();
	claimName(claims, seen('app.ini'), 0);
	claimName(claims, seen('app.ini'), 1);
	assert.deepEqual(releaseName(claims, 'app.ini', 1), {wasOwner: false});
	assert.deepEqual(releaseName(claims, 'app.ini', 0), {wasOwner: true});
	assert.deepEqual(releaseName(claims, 'gone.ini', 0), {wasOwner: false});
});
