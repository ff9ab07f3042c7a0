import assert from 'node:assert/strict';
import {symlinkSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {startFakeEmperor} from '../helpers/fake-emperor.js';
import {FAKE_VASSAL_PATH} from '../helpers/fake-vassal.js';
import {makeTempDir} from '../helpers/temp-dir.js';

test('a missing binary is logged as vassal-spawn-failed, retried with backoff, and spawned once it appears', {timeout: 30_000}, async t => {
	const binary = join(makeTempDir('emperor-bin-'), 'uwsgi');
	const emperor = startFakeEmperor(t, {vassals: {'a.ini': {}}, flags: {'--binary-path': binary}});
	const failed = await emperor.waitForLog({event: 'vassal-spawn-failed', vassal: 'a.ini'});
	assert.match(JSON.stringify(failed), /ENOENT|not found|no such file/i, 'the failure should say the binary does not exist');
	assert.ok(JSON.stringify(failed).includes(binary), 'the failure should name the binary');
	await emperor.waitForLog({event: 'vassal-backoff', vassal: 'a.ini'});
	assert.equal(emperor.child.exitCode, null, 'the emperor must keep running');
	symlinkSync(FAKE_VASSAL_PATH, binary);
	await emperor.waitForLog({event: 'vassal-accepting', vassal: 'a.ini'}, 10_000);
	assert.equal(emperor.countLogs({event: 'emperor-fatal'}), 0);
});

test('a binary that is not executable is logged as vassal-spawn-failed and the emperor keeps running', {timeout: 30_000}, async t => {
	const binary = join(makeTempDir('emperor-bin-'), 'uwsgi');
	writeFileSync(binary, '#!/bin/sh\nexit 0\n', {mode: 0o644});
	const emperor = startFakeEmperor(t, {vassals: {'a.ini': {}}, flags: {'--binary-path': binary}});
	const failed = await emperor.waitForLog({event: 'vassal-spawn-failed', vassal: 'a.ini'});
	assert.match(JSON.stringify(failed), /EACCES|permission/i);
	await emperor.waitForLog({event: 'vassal-backoff', vassal: 'a.ini'});
	assert.equal(emperor.child.exitCode, null);
});
