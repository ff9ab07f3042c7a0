import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {mkdirSync, rmSync, symlinkSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {startEmperorProcess} from '../helpers/emperor-process.js';
import {startFakeEmperor} from '../helpers/fake-emperor.js';
import {FAKE_VASSAL_PATH, writeFakeVassal} from '../helpers/fake-vassal.js';
import {makeTempDir} from '../helpers/temp-dir.js';

// --emperor-freq 60: within the deadlines below only the directory watcher, not the rescan, can see a file
const NO_RESCAN = {'--emperor-freq': '60'};
const AT_ONCE_MS = 10_000;

// two releases of a vassals directory and a symlink `current` pointing at the first, as a deploy by symlink does
const makeReleases = () => {
	const root = makeTempDir('emperor-faults-releases-');
	const [first, second, current] = [join(root, 'release-1'), join(root, 'release-2'), join(root, 'current')];
	mkdirSync(first);
	mkdirSync(second);
	writeFakeVassal(first, 'gone.ini');
	writeFakeVassal(first, 'kept.ini');
	writeFakeVassal(second, 'kept.ini', {send: [1, 5, 17]});
	writeFakeVassal(second, 'added.ini');
	symlinkSync(first, current);
	return {second, current};
};

test('removing the vassals directory stops its vassals, and the files of a directory recreated there are run', {timeout: 60_000}, async t => {
	const emperor = startFakeEmperor(t, {vassals: {'a.ini': {}, 'b.ini': {}}});
	for (const vassal of ['a.ini', 'b.ini']) await emperor.waitForLog({event: 'vassal-accepting', vassal});

	rmSync(emperor.vassalsDir, {recursive: true});
	for (const vassal of ['a.ini', 'b.ini']) await emperor.waitForLog({event: 'vassal-removed', vassal});
	mkdirSync(emperor.vassalsDir);
	writeFakeVassal(emperor.vassalsDir, 'c.ini');

	await emperor.waitForLog({event: 'vassal-accepting', vassal: 'c.ini'});
	assert.equal(emperor.countLogs({event: 'vassal-spawned'}), 3);
	assert.equal(emperor.child.exitCode, null, 'the emperor exited');
});

test('a file dropped into a recreated vassals directory is spawned at once, not at the next rescan', {timeout: 60_000}, async t => {
	const emperor = startFakeEmperor(t, {vassals: {'a.ini': {}}, flags: NO_RESCAN});
	await emperor.waitForLog({event: 'vassal-accepting', vassal: 'a.ini'});
	rmSync(emperor.vassalsDir, {recursive: true});
	await emperor.waitForLog({event: 'vassal-removed', vassal: 'a.ini'});
	mkdirSync(emperor.vassalsDir);

	writeFakeVassal(emperor.vassalsDir, 'b.ini');

	await emperor.waitForLog({event: 'vassal-spawned', vassal: 'b.ini'}, AT_ONCE_MS);
});

test('swapping a symlinked vassals directory (ln -sfn) stops, reloads and spawns vassals to match the new release', {timeout: 60_000}, async t => {
	const {second, current} = makeReleases();
	const emperor = startFakeEmperor(t, {vassalsDir: current});
	for (const vassal of ['gone.ini', 'kept.ini']) await emperor.waitForLog({event: 'vassal-accepting', vassal});

	execFileSync('ln', ['-sfn', second, current]);

	await emperor.waitForLog({event: 'vassal-removed', vassal: 'gone.ini'});
	await emperor.waitForLog({event: 'vassal-reloading', vassal: 'kept.ini'});
	await emperor.waitForLog({event: 'vassal-accepting', vassal: 'added.ini'});
	assert.equal(emperor.countLogs({event: 'vassal-spawned', vassal: 'kept.ini'}), 1, 'kept.ini was restarted instead of reloaded');
});

test('after a symlink swap, a file dropped into the new release is spawned at once, not at the next rescan', {timeout: 60_000}, async t => {
	const {second, current} = makeReleases();
	const emperor = startFakeEmperor(t, {vassalsDir: current, flags: NO_RESCAN});
	for (const vassal of ['gone.ini', 'kept.ini']) await emperor.waitForLog({event: 'vassal-accepting', vassal});
	execFileSync('ln', ['-sfn', second, current]);
	emperor.child.kill('SIGWINCH'); // rescan now: the swap itself is only seen by a rescan
	await emperor.waitForLog({event: 'vassal-accepting', vassal: 'added.ini'});

	writeFakeVassal(current, 'late.ini');

	await emperor.waitForLog({event: 'vassal-spawned', vassal: 'late.ini'}, AT_ONCE_MS);
});

test('vassal files that are a symlink loop or a dangling symlink are ignored, and the emperor keeps governing', {timeout: 60_000}, async t => {
	const emperor = startFakeEmperor(t, {vassals: {'good.ini': {heartbeatMs: 100}}, flags: {'--log-level': 'debug'}});
	await emperor.waitForLog({event: 'vassal-accepting', vassal: 'good.ini'});

	symlinkSync('loop.ini', join(emperor.vassalsDir, 'loop.ini'));
	symlinkSync('ping.ini', join(emperor.vassalsDir, 'pong.ini'));
	symlinkSync('pong.ini', join(emperor.vassalsDir, 'ping.ini'));
	symlinkSync('missing.ini', join(emperor.vassalsDir, 'dangling.ini'));
	symlinkSync('.', join(emperor.vassalsDir, 'subdir-loop'));
	emperor.child.kill('SIGWINCH');
	writeFakeVassal(emperor.vassalsDir, 'after.ini');

	await emperor.waitForLog({event: 'vassal-accepting', vassal: 'after.ini'});
	// 25 heartbeats of 100 ms span two rescans at --emperor-freq 1
	await emperor.waitForLog(() => emperor.countLogs({event: 'vassal-heartbeat', vassal: 'good.ini'}) >= 25);
	const spawned = emperor.logs.filter(line => line.event === 'vassal-spawned').map(line => line.vassal).sort();
	assert.deepEqual(spawned, ['after.ini', 'good.ini']);
	assert.equal(emperor.child.exitCode, null, 'the emperor exited');
});

test('a vassals directory that is a symlink loop is refused at start with emperor-fatal', {timeout: 30_000}, async () => {
	const loop = join(makeTempDir('emperor-faults-loop-'), 'vassals');
	symlinkSync(loop, loop);
	const emperor = startEmperorProcess(['--vassals', loop, '--binary-path', FAKE_VASSAL_PATH]);
	const {code} = await emperor.exited;
	assert.equal(code, 1);
	const fatal = emperor.logs.find(line => line.event === 'emperor-fatal');
	assert.ok(fatal !== undefined, `no emperor-fatal line: ${JSON.stringify(emperor.logs)}`);
});
