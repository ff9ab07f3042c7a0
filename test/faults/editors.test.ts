import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test, type TestContext} from 'node:test';
import {copyOver, editWithSed, findOtherFilesystem, moveInFromOtherFilesystem, writeInOneByteChunks, writeLikeVimByRename, writeLikeVimInPlace} from '../helpers/editors.js';
import {startFakeEmperor, waitForMoreLogs, type FakeEmperor, type FlagValue} from '../helpers/fake-emperor.js';
import {renderFakeVassal, waitForRecord} from '../helpers/fake-vassal.js';
import {makeTempDir} from '../helpers/temp-dir.js';

// a file is complete when its last line is there: the fake vassal records its [fake] section when it starts
const COMPLETE = `${renderFakeVassal({})}marker = complete\n`;
const EDITED = `${renderFakeVassal({})}marker = edited\n`;
const otherFilesystem = findOtherFilesystem(makeTempDir('emperor-faults-fs-'));
const noOtherFilesystem = otherFilesystem === undefined ? '/dev/shm is missing or on the same filesystem as the temp dir' : false;

// an emperor running app.ini, and clock.ini whose heartbeats (every 100 ms) tell the time in log lines
const startWithApp = async (t: TestContext, flags: Record<string, FlagValue> = {}): Promise<FakeEmperor> => {
	const emperor = startFakeEmperor(t, {vassals: {'app.ini': {}, 'clock.ini': {heartbeatMs: 100}}, flags: {'--log-level': 'debug', ...flags}});
	for (const vassal of ['app.ini', 'clock.ini']) await emperor.waitForLog({event: 'vassal-accepting', vassal});
	return emperor;
};

// 25 heartbeats of 100 ms span two rescans at --emperor-freq 1: a late second reload would be logged by then
const waitTwoRescans = (emperor: FakeEmperor) => waitForMoreLogs(emperor, {event: 'vassal-heartbeat', vassal: 'clock.ini'}, 25);

// one edit of a running vassal's file: exactly one reload, no stop, no respawn, no rejected half file
const testOneReload = async (t: TestContext, edit: (path: string) => void | Promise<void>, flags: Record<string, FlagValue> = {}) => {
	const emperor = await startWithApp(t, flags);
	await edit(join(emperor.vassalsDir, 'app.ini'));
	await emperor.waitForLog({event: 'vassal-reloading', vassal: 'app.ini'});
	await waitTwoRescans(emperor);
	assert.equal(emperor.countLogs({event: 'vassal-reloading', vassal: 'app.ini'}), 1, 'reloads for one edit');
	assert.equal(emperor.countLogs({event: 'vassal-stopping', vassal: 'app.ini'}), 0, 'the vassal was stopped');
	assert.equal(emperor.countLogs({event: 'vassal-spawned', vassal: 'app.ini'}), 1, 'the vassal was respawned');
	assert.equal(emperor.countLogs({event: 'vassal-config-invalid'}), 0, 'a half-written version was read');
};

// one new file: spawned exactly once, with its last line in it
const testCompleteSpawn = async (t: TestContext, write: (path: string) => void | Promise<void>, flags: Record<string, FlagValue> = {}) => {
	const emperor = await startWithApp(t, flags);
	await write(join(emperor.vassalsDir, 'new.ini'));
	await emperor.waitForLog({event: 'vassal-accepting', vassal: 'new.ini'});
	const start = await waitForRecord(emperor.recordDir, 'new.ini', record => record.event === 'start');
	await waitTwoRescans(emperor);
	assert.deepEqual((start as {fake?: Record<string, string>}).fake?.marker, 'complete', 'the vassal started from a half-written file');
	assert.equal(emperor.countLogs({event: 'vassal-spawned', vassal: 'new.ini'}), 1);
	assert.equal(emperor.countLogs({event: 'vassal-reloading', vassal: 'new.ini'}), 0);
	assert.equal(emperor.countLogs({event: 'vassal-config-invalid'}), 0, 'a half-written version was read');
};

// a slow writer pauses ~8 ms between bytes; the settle window must be longer than its longest pause, and a loaded
// test machine can stall the writer well past the default 30 ms, so these two cases give it 300 ms
const SLOW_WRITER_FLAGS = {'--emperor-settle-ms': '300'};

test('vim\'s default write (swap file, truncate and rewrite in place) reloads once', {timeout: 60_000}, t =>
	testOneReload(t, path => writeLikeVimInPlace(path, EDITED)));

test('vim with backupcopy=no (rename away, write a new file) reloads once and never stops the vassal', {timeout: 60_000}, t =>
	testOneReload(t, path => writeLikeVimByRename(path, EDITED)));

test('sed -i (temporary file renamed over) reloads once', {timeout: 60_000}, t =>
	testOneReload(t, path => editWithSed(path, 's/processes = 1/processes = 2/')));

test('cp over the file (truncate, then write) reloads once', {timeout: 60_000}, t =>
	testOneReload(t, path => {
		const source = join(makeTempDir('emperor-faults-cp-'), 'app.ini');
		writeFileSync(source, EDITED);
		copyOver(source, path);
	}));

test('mv over the file from another filesystem (a copy, not a rename) reloads once', {timeout: 60_000, skip: noOtherFilesystem}, t =>
	testOneReload(t, path => moveInFromOtherFilesystem(otherFilesystem!, EDITED, path)));

test('a new file moved in from another filesystem is spawned once, complete', {timeout: 60_000, skip: noOtherFilesystem}, t =>
	testCompleteSpawn(t, path => moveInFromOtherFilesystem(otherFilesystem!, COMPLETE, path)));

test('a new file written one byte at a time over about a second is spawned once, complete', {timeout: 60_000}, t =>
	testCompleteSpawn(t, path => writeInOneByteChunks(path, COMPLETE, 8), SLOW_WRITER_FLAGS));

test('an edit written one byte at a time over about a second reloads once', {timeout: 60_000}, t =>
	testOneReload(t, path => writeInOneByteChunks(path, EDITED, 8), SLOW_WRITER_FLAGS));
