import assert from 'node:assert/strict';
import {chmodSync, chownSync, symlinkSync} from 'node:fs';
import {join} from 'node:path';
import {test, type TestContext} from 'node:test';
import {startFakeEmperor, type FlagValue} from '../helpers/fake-emperor.js';
import {renderFakeVassal, writeFileAtomic} from '../helpers/fake-vassal.js';
import {makeTempDir} from '../helpers/temp-dir.js';
import {ensureUser, groupId, isRoot, readProcessIds} from '../helpers/users.js';

const skip = !isRoot && 'tyrant mode needs root to switch users';
const EXTRA_GROUP = 'emperor-test-extra';

// a vassals dir that other users can traverse, with one fake vassal owned by `owner` (root when undefined)
const prepareVassal = (owner: {uid: number; gid: number} | undefined, mode = 0o644, extra = '') => {
	const vassalsDir = makeTempDir('emperor-tyrant-');
	chmodSync(vassalsDir, 0o755);
	const path = join(vassalsDir, 'app.ini');
	writeFileAtomic(path, renderFakeVassal({send: [1, 5]}) + extra);
	if (owner !== undefined) chownSync(path, owner.uid, owner.gid);
	chmodSync(path, mode);
	return {vassalsDir, path};
};

// the emperor with no record dir: vassals run as other users and could not write to it
const startTyrant = (t: TestContext, vassalsDir: string, flags: Record<string, FlagValue> = {'--emperor-tyrant': true}) =>
	startFakeEmperor(t, {vassalsDir, flags, env: {FAKE_VASSAL_RECORD_DIR: ''}});

const refusalCode = async (emperor: ReturnType<typeof startTyrant>) => {
	const line = await emperor.waitForLog({event: 'vassal-config-invalid', vassal: 'app.ini'});
	return (line.issues as {code: string}[])[0]!.code;
};

test('a tyrant vassal runs as its file owner, with no supplementary groups', {skip, timeout: 30_000}, async t => {
	const owner = ensureUser('emperor-test-a', [EXTRA_GROUP]);
	const {vassalsDir} = prepareVassal(owner);
	const emperor = startTyrant(t, vassalsDir);
	const spawned = await emperor.waitForLog({event: 'vassal-ready', vassal: 'app.ini'});
	const ids = readProcessIds(spawned.pid as number);
	assert.deepEqual(ids.uid, [owner.uid, owner.uid, owner.uid, owner.uid]);
	assert.deepEqual(ids.gid, [owner.gid, owner.gid, owner.gid, owner.gid]);
	assert.deepEqual(ids.groups, []);
});

test('with --emperor-tyrant-initgroups the vassal gets its owner\'s groups', {skip, timeout: 30_000}, async t => {
	const owner = ensureUser('emperor-test-a', [EXTRA_GROUP]);
	const {vassalsDir} = prepareVassal(owner);
	const emperor = startTyrant(t, vassalsDir, {'--emperor-tyrant': true, '--emperor-tyrant-initgroups': true});
	const spawned = await emperor.waitForLog({event: 'vassal-ready', vassal: 'app.ini'});
	const ids = readProcessIds(spawned.pid as number);
	assert.deepEqual(ids.uid, [owner.uid, owner.uid, owner.uid, owner.uid]);
	assert.ok(ids.groups.includes(groupId(EXTRA_GROUP)), `groups ${ids.groups.join(',')}`);
});

test('a root-owned file is refused with what to change, and spawned once chowned', {skip, timeout: 30_000}, async t => {
	const owner = ensureUser('emperor-test-a');
	const {vassalsDir, path} = prepareVassal(undefined);
	const emperor = startTyrant(t, vassalsDir);
	assert.equal(await refusalCode(emperor), 'TYRANT_ROOT_OWNED');
	assert.equal(emperor.countLogs({event: 'vassal-spawned'}), 0);
	chownSync(path, owner.uid, owner.gid);
	const spawned = await emperor.waitForLog({event: 'vassal-ready', vassal: 'app.ini'});
	assert.equal(readProcessIds(spawned.pid as number).uid[1], owner.uid);
	assert.equal(emperor.countLogs({event: 'vassal-config-invalid'}), 1, 'the refusal is logged once, not on every scan');
});

test('a group-writable file is refused until chmod go-w', {skip, timeout: 30_000}, async t => {
	const owner = ensureUser('emperor-test-a');
	const {vassalsDir, path} = prepareVassal(owner, 0o664);
	const emperor = startTyrant(t, vassalsDir);
	assert.equal(await refusalCode(emperor), 'TYRANT_WRITABLE');
	chmodSync(path, 0o644);
	await emperor.waitForLog({event: 'vassal-ready', vassal: 'app.ini'});
});

test('with --emperor-tyrant-nofollow a symlinked vassal file is refused', {skip, timeout: 30_000}, async t => {
	const owner = ensureUser('emperor-test-a');
	const {vassalsDir} = prepareVassal(owner);
	const target = join(makeTempDir('emperor-target-'), 'real.ini');
	writeFileAtomic(target, renderFakeVassal({send: [1, 5]}));
	symlinkSync(target, join(vassalsDir, 'link.ini'));
	const emperor = startTyrant(t, vassalsDir, {'--emperor-tyrant-nofollow': true});
	const line = await emperor.waitForLog({event: 'vassal-config-invalid', vassal: 'link.ini'});
	assert.equal((line.issues as {code: string}[])[0]!.code, 'TYRANT_SYMLINK');
	await emperor.waitForLog({event: 'vassal-ready', vassal: 'app.ini'});
	assert.equal(emperor.countLogs({event: 'vassal-spawned', vassal: 'link.ini'}), 0);
});

test('a file whose owner changes is stopped and started again as the new owner', {skip, timeout: 30_000}, async t => {
	const first = ensureUser('emperor-test-a');
	const second = ensureUser('emperor-test-b');
	const {vassalsDir, path} = prepareVassal(first);
	const emperor = startTyrant(t, vassalsDir);
	const before = await emperor.waitForLog({event: 'vassal-ready', vassal: 'app.ini'});
	chownSync(path, second.uid, second.gid);
	await emperor.waitForLog({event: 'vassal-owner-changed', vassal: 'app.ini'});
	await emperor.waitForLog({event: 'vassal-exited', vassal: 'app.ini', reason: 'restart'});
	const after = await emperor.waitForLog(line => line.event === 'vassal-ready' && line.pid !== before.pid);
	assert.equal(readProcessIds(after.pid as number).uid[1], second.uid);
});

test('uid = root inside a tyrant vassal is refused instead of failing inside uWSGI (#1776)', {skip, timeout: 30_000}, async t => {
	const owner = ensureUser('emperor-test-a');
	const {vassalsDir} = prepareVassal(owner, 0o644, '\n[uwsgi]\nuid = root\n');
	const emperor = startTyrant(t, vassalsDir);
	const line = await emperor.waitForLog({event: 'vassal-config-invalid', vassal: 'app.ini'});
	assert.deepEqual((line.issues as {code: string; key: string}[]).map(issue => [issue.code, issue.key]), [['VASSAL_USER_IMPOSSIBLE', 'uid']]);
	assert.equal(emperor.countLogs({event: 'vassal-spawned'}), 0);
});
