import assert from 'node:assert/strict';
import {chmodSync, renameSync, symlinkSync, utimesSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {listVassalFiles, NO_KEY} from '../../src/monitor/keyed-listing.js';
import {loadOnDemandNative} from '../../src/on-demand/native-socket.js';
import {makeTempDir} from '../helpers/temp-dir.js';

const skip = loadOnDemandNative().ok ? false : 'the native addon was not built (no C compiler)';

// the key of one file of the listing
const keyOf = (directory: string, name: string, nofollow = false): number | undefined => {
	const listing = listVassalFiles(directory, nofollow);
	return listing.keys?.[listing.names.indexOf(name)];
};

test('the listing holds the vassal files only, each with a key, and the same key while nothing changes', {skip}, () => {
	const directory = makeTempDir('emperor-keyed-listing-');
	for (const name of ['a.ini', 'b.ini', '.hidden.ini', 'notes.txt', '.ini']) writeFileSync(join(directory, name), '[uwsgi]\n');
	const listing = listVassalFiles(directory, false);
	assert.deepEqual([...listing.names].sort(), ['a.ini', 'b.ini']);
	assert.equal(listing.keys?.length, 2);
	assert.ok(listing.keys.every(key => Number.isInteger(key) && key >= 0));
	assert.equal(keyOf(directory, 'a.ini'), keyOf(directory, 'a.ini'));
	assert.notEqual(keyOf(directory, 'a.ini'), NO_KEY);
});

test('a touch, an edit of the same size, a chmod and a file renamed over it each move the key', {skip}, () => {
	const directory = makeTempDir('emperor-keyed-listing-');
	const path = join(directory, 'app.ini');
	writeFileSync(path, '[uwsgi]\nprocesses = 1\n');
	const seen = [keyOf(directory, 'app.ini')];
	utimesSync(path, new Date(1_000_000), new Date(1_000_000));
	seen.push(keyOf(directory, 'app.ini'));
	writeFileSync(path, '[uwsgi]\nprocesses = 2\n');
	utimesSync(path, new Date(1_000_000), new Date(1_000_000));
	// same size and mtime, so only a change the emperor would miss too; a chmod is one it must not
	chmodSync(path, 0o600);
	seen.push(keyOf(directory, 'app.ini'));
	writeFileSync(join(directory, 'next'), '[uwsgi]\nprocesses = 1\n');
	utimesSync(join(directory, 'next'), new Date(1_000_000), new Date(1_000_000));
	chmodSync(join(directory, 'next'), 0o600);
	renameSync(join(directory, 'next'), path);
	seen.push(keyOf(directory, 'app.ini'));
	assert.equal(new Set(seen).size, seen.length, `keys ${seen.join(', ')}`);
});

test('with nofollow a symlink is keyed as itself: a change of its target does not move its key', {skip}, () => {
	const directory = makeTempDir('emperor-keyed-listing-');
	writeFileSync(join(directory, 'target'), '[uwsgi]\n');
	symlinkSync(join(directory, 'target'), join(directory, 'link.ini'));
	const [followed, itself] = [keyOf(directory, 'link.ini'), keyOf(directory, 'link.ini', true)];
	utimesSync(join(directory, 'target'), new Date(2_000_000), new Date(2_000_000));
	assert.notEqual(keyOf(directory, 'link.ini'), followed);
	assert.equal(keyOf(directory, 'link.ini', true), itself);
});

test('a directory that is gone throws ENOENT, as readdirSync does', () => {
	assert.throws(() => listVassalFiles('/nonexistent/emperor-vassals', false), {code: 'ENOENT'});
});
