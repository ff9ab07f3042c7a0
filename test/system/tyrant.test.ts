import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {FileFingerprint} from '../../src/monitor/file-fingerprint.js';
import {checkTyrantUser, decideTyrantOwner} from '../../src/system/tyrant.js';
import {makeUserDatabase} from '../../src/system/user-database.js';

const file: FileFingerprint = {mtimeNs: 1n, size: 1n, ino: 1n, uid: 1000, gid: 1000, mode: 0o644, isSymlink: false};
const users = makeUserDatabase([{name: 'app', uid: 1000, gid: 1000}, {name: 'other', uid: 1001, gid: 1001}], [{name: 'app', gid: 1000}, {name: 'other', gid: 1001}]);

test('a vassal runs as the owner and group of its file', () => {
	assert.deepEqual(decideTyrantOwner(file, false), {ok: true, owner: {uid: 1000, gid: 1000}});
	assert.deepEqual(decideTyrantOwner({...file, mode: 0o600}, false), {ok: true, owner: {uid: 1000, gid: 1000}});
});

test('a file owned by root, or by group root, is refused with what to do', () => {
	const byUid = decideTyrantOwner({...file, uid: 0}, false);
	assert.deepEqual(byUid, {ok: false, code: 'TYRANT_ROOT_OWNED', message: "is owned by uid 0 gid 1000; tyrant mode never runs a vassal as root: chown it to the app's user and group (e.g. chown www-data:www-data FILE)"});
	assert.equal(decideTyrantOwner({...file, gid: 0}, false).ok, false);
});

test('a file writable by its group or by others is refused', () => {
	assert.deepEqual(decideTyrantOwner({...file, mode: 0o664}, false), {ok: false, code: 'TYRANT_WRITABLE', message: 'is writable by its group (mode 0664): whoever can write it could run code as its owner; chmod go-w FILE'});
	assert.match((decideTyrantOwner({...file, mode: 0o666}, false) as {message: string}).message, /its group and others \(mode 0666\)/);
	assert.match((decideTyrantOwner({...file, mode: 0o646}, false) as {message: string}).message, /writable by others/);
});

test('with nofollow a symlink is refused; without it the link target decides', () => {
	assert.equal((decideTyrantOwner({...file, isSymlink: true}, true) as {code: string}).code, 'TYRANT_SYMLINK');
	assert.equal(decideTyrantOwner({...file, isSymlink: true}, false).ok, true);
});

test('uid and gid options must name the file owner (uWSGI #1776)', () => {
	const owner = {uid: 1000, gid: 1000};
	assert.equal(checkTyrantUser({uid: 'app', gid: '1000'}, owner, users), undefined);
	assert.equal(checkTyrantUser({}, owner, users), undefined);
	assert.equal(checkTyrantUser({uid: 'other'}, owner, users), "uid = other: in tyrant mode the vassal runs as its file's owner (uid 1000); remove the option or chown the file");
	assert.match(checkTyrantUser({gid: 'nosuchgroup'}, owner, users)!, /^gid = nosuchgroup: in tyrant mode/);
});
