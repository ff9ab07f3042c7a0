import assert from 'node:assert/strict';
import {mkdirSync, renameSync, rmSync, symlinkSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {guardDirectory, isSameDirectory, readDirectoryIdentity} from '../../src/monitor/directory-guard.js';
import {makeTempDir} from '../helpers/temp-dir.js';

test('a directory keeps its identity; a recreated one, a swapped link or a missing one does not', async () => {
	const root = makeTempDir();
	const [first, second, link] = [join(root, 'one'), join(root, 'two'), join(root, 'current')];
	mkdirSync(first);
	mkdirSync(second);
	symlinkSync(first, link);
	const before = await readDirectoryIdentity(link);
	assert.ok(isSameDirectory(before, await readDirectoryIdentity(first)));
	assert.ok(!isSameDirectory(before, await readDirectoryIdentity(second)));
	assert.equal(await readDirectoryIdentity(join(root, 'missing')), undefined);
	assert.ok(isSameDirectory(undefined, undefined));
});

test('the guard calls back when the watched name is replaced in its parent', async () => {
	const root = makeTempDir();
	const [first, second, link] = [join(root, 'one'), join(root, 'two'), join(root, 'current')];
	mkdirSync(first);
	mkdirSync(second);
	symlinkSync(first, link);
	let stop = () => {};
	await new Promise<void>((resolve, reject) => {
		// the guard's watcher does not keep a process alive (the emperor has its own reasons to live); this does, and bounds the wait
		const timer = setTimeout(() => reject(new Error('no callback after the link was replaced')), 5000);
		stop = guardDirectory(link, () => {
			clearTimeout(timer);
			resolve();
		}, error => reject(error));
		symlinkSync(second, join(root, 'current.next'));
		renameSync(join(root, 'current.next'), link);
	});
	stop();
	rmSync(first, {recursive: true});
});
