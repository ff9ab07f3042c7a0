import assert from 'node:assert/strict';
import {chmodSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {makeVassalScanner} from '../../src/monitor/vassal-scanner.js';
import {loadOnDemandNative} from '../../src/on-demand/native-socket.js';
import {makeTempDir} from '../helpers/temp-dir.js';

const skip = loadOnDemandNative().ok ? false : 'the native addon was not built (no C compiler): every scan lists every file';
const sorted = (names: readonly string[]) => [...names].sort();

test('a first scan lists every vassal file, hidden and other files left out; a second one, with nothing changed, none', {skip}, () => {
	const directory = makeTempDir('emperor-scanner-');
	for (const name of ['a.ini', 'b.ini', '.hidden.ini', 'notes.txt', '.ini']) writeFileSync(join(directory, name), '[uwsgi]\n');
	const scanner = makeVassalScanner(directory, false);
	const first = scanner.scan();
	assert.deepEqual({...first, changed: sorted(first.changed)}, {changed: ['a.ini', 'b.ini'], gone: [], isComplete: true});
	assert.deepEqual(scanner.scan(), {changed: [], gone: [], isComplete: false});
	scanner.reset();
	assert.deepEqual({...scanner.scan(), changed: []}, {changed: [], gone: [], isComplete: true}, 'after a reset, a complete scan again');
});

test('a touch, a chmod, a file renamed over another and a new file are changes; a removed file is gone', {skip}, () => {
	const directory = makeTempDir('emperor-scanner-');
	for (const name of ['touched.ini', 'chmodded.ini', 'replaced.ini', 'removed.ini', 'still.ini']) writeFileSync(join(directory, name), '[uwsgi]\n');
	const scanner = makeVassalScanner(directory, false);
	scanner.scan();
	utimesSync(join(directory, 'touched.ini'), new Date(1_000_000), new Date(1_000_000));
	chmodSync(join(directory, 'chmodded.ini'), 0o600);
	writeFileSync(join(directory, 'staged'), '[uwsgi]\n');
	renameSync(join(directory, 'staged'), join(directory, 'replaced.ini'));
	rmSync(join(directory, 'removed.ini'));
	writeFileSync(join(directory, 'new.ini'), '[uwsgi]\n');
	const changes = scanner.scan();
	assert.deepEqual(sorted(changes.changed), ['chmodded.ini', 'new.ini', 'replaced.ini', 'touched.ini']);
	assert.deepEqual(changes.gone, ['removed.ini']);
	assert.deepEqual(scanner.scan(), {changed: [], gone: [], isComplete: false});
});

test('with nofollow a symlink is scanned as itself: a change of its target is no change of it', {skip}, () => {
	const directory = makeTempDir('emperor-scanner-');
	writeFileSync(join(directory, 'target'), '[uwsgi]\n');
	symlinkSync(join(directory, 'target'), join(directory, 'link.ini'));
	const [followed, itself] = [makeVassalScanner(directory, false), makeVassalScanner(directory, true)];
	followed.scan();
	itself.scan();
	utimesSync(join(directory, 'target'), new Date(2_000_000), new Date(2_000_000));
	assert.deepEqual(followed.scan().changed, ['link.ini']);
	assert.deepEqual(itself.scan().changed, []);
});

test('hundreds of files: only the one touched is a change', {skip}, () => {
	const directory = makeTempDir('emperor-scanner-');
	for (let index = 0; index < 500; index++) writeFileSync(join(directory, `v${index}.ini`), '[uwsgi]\n');
	const scanner = makeVassalScanner(directory, false);
	assert.equal(scanner.scan().changed.length, 500);
	utimesSync(join(directory, 'v321.ini'), new Date(3_000_000), new Date(3_000_000));
	assert.deepEqual(scanner.scan(), {changed: ['v321.ini'], gone: [], isComplete: false});
});

test('a directory that is gone throws ENOENT, as readdirSync does', () => {
	assert.throws(() => makeVassalScanner('/nonexistent/emperor-vassals', false).scan(), {code: 'ENOENT'});
});
