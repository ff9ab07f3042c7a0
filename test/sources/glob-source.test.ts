import assert from 'node:assert/strict';
import {mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {after, test} from 'node:test';
import type {FileObservation} from '../../src/monitor/directory-monitor.js';
import {startGlobSource, type GlobSourceOptions} from '../../src/sources/glob-source.js';
import {makeTempDir} from '../helpers/temp-dir.js';

// a rescan far away: what the tests see, they see through the watches
const SLOW_RESCAN = {freqSeconds: 3600, settleMs: 20};

const startWatching = (options: Partial<GlobSourceOptions> & {pattern: string}) => {
	const observations: FileObservation[] = [];
	const errors: string[] = [];
	let noMatch = 0;
	const waiters: {check: () => boolean; resolve: () => void}[] = [];
	const source = startGlobSource({cwd: '/', ...SLOW_RESCAN, ...options}, {
		onFile(observation) {
			observations.push(observation);
			for (const waiter of waiters.splice(0)) if (waiter.check()) waiter.resolve();
			else waiters.push(waiter);
		},
		onError: (error, context) => errors.push(`${context}: ${error.message}`),
		onNoMatch: () => noMatch++,
	});
	// closed even when a test fails before it closes it, so a failure cannot hang the run
	after(() => source.close());
	// resolves once an observation of name has that presence
	const waitFor = (name: string, present: boolean): Promise<void> => new Promise(resolvePromise => {
		const check = () => observations.some(observation => observation.name === name && (observation.fingerprint !== undefined) === present);
		if (check()) resolvePromise();
		else waiters.push({check, resolve: resolvePromise});
	});
	// resolves once count observations were made
	const waitForCount = (count: number): Promise<void> => new Promise(resolvePromise => {
		const check = () => observations.length >= count;
		if (check()) resolvePromise();
		else waiters.push({check, resolve: resolvePromise});
	});
	return {source, observations, errors, waitFor, waitForCount, noMatches: () => noMatch};
};

const project = (root: string, name: string, file = 'uwsgi.ini'): string => {
	mkdirSync(join(root, name), {recursive: true});
	const path = join(root, name, file);
	writeFileSync(path, '[uwsgi]\n');
	return path;
};

test('the first scan reports each matching *.ini file by its path, and nothing else', {timeout: 5000}, async () => {
	const root = makeTempDir('emperor-glob-');
	const blog = project(root, 'blog');
	const shop = project(root, 'shop');
	project(root, 'notes', 'uwsgi.txt');
	project(root, '.hidden');
	mkdirSync(join(root, 'empty'));
	mkdirSync(join(root, 'dir-named', 'uwsgi.ini'), {recursive: true});
	const watching = startWatching({pattern: `${root}/*/uwsgi.ini`});
	await watching.source.initialScan();
	assert.deepEqual(watching.observations.map(observation => observation.name).sort(), [blog, shop].sort());
	assert.ok(watching.observations.every(observation => observation.fingerprint !== undefined));
	assert.equal(watching.noMatches(), 0);
	await watching.source.close();
});

test('no match yet is fine and said once; a new project directory under * is seen at once, not at the rescan', {timeout: 5000}, async () => {
	const root = makeTempDir('emperor-glob-');
	const watching = startWatching({pattern: `${root}/*/uwsgi.ini`});
	await watching.source.initialScan();
	assert.equal(watching.noMatches(), 1);
	assert.deepEqual(watching.observations, []);
	mkdirSync(join(root, 'blog'));
	writeFileSync(join(root, 'blog', 'uwsgi.ini'), '[uwsgi]\n');
	await watching.waitFor(join(root, 'blog', 'uwsgi.ini'), true);
	// a directory that arrives with its file already in it (mv, tar, git clone)
	mkdirSync(join(root, '.staging-shop'));
	writeFileSync(join(root, '.staging-shop', 'uwsgi.ini'), '[uwsgi]\n');
	renameSync(join(root, '.staging-shop'), join(root, 'shop'));
	await watching.waitFor(join(root, 'shop', 'uwsgi.ini'), true);
	assert.deepEqual(watching.errors, []);
	await watching.source.close();
});

test('a changed file is reported again once it settles; a removed file or directory is reported gone', {timeout: 5000}, async () => {
	const root = makeTempDir('emperor-glob-');
	const blog = project(root, 'blog');
	const shop = project(root, 'shop');
	const watching = startWatching({pattern: `${root}/*/uwsgi.ini`});
	await watching.source.initialScan();
	const before = watching.observations.length;
	writeFileSync(blog, '[uwsgi]\nprocesses = 2\n');
	await watching.waitForCount(before + 1);
	const changed = watching.observations.at(-1)!;
	assert.equal(changed.name, blog);
	assert.ok(changed.fingerprint !== undefined);
	rmSync(blog);
	await watching.waitFor(blog, false);
	rmSync(join(root, 'shop'), {recursive: true});
	await watching.waitFor(shop, false);
	await watching.source.close();
});

test('directories that do not exist yet, above the *, are watched for until they do', {timeout: 5000}, async () => {
	const root = makeTempDir('emperor-glob-');
	const watching = startWatching({pattern: `${root}/srv/apps/*/uwsgi.ini`});
	await watching.source.initialScan();
	// the look-again scan after the first watches were placed has run: from here on only a watch sees a change
	await new Promise(setImmediate);
	await new Promise(setImmediate);
	mkdirSync(join(root, 'srv', 'apps', 'blog'), {recursive: true});
	const path = join(root, 'srv', 'apps', 'blog', 'uwsgi.ini');
	writeFileSync(path, '[uwsgi]\n');
	await watching.waitFor(path, true);
	await watching.source.close();
});

test('a project directory removed and recreated at once is watched again: a change in the new one is seen', {timeout: 5000}, async () => {
	const root = makeTempDir('emperor-glob-');
	const blog = project(root, 'blog');
	const watching = startWatching({pattern: `${root}/*/uwsgi.ini`});
	await watching.source.initialScan();
	await new Promise(setImmediate);
	// swapped in one step, as a deploy does: a new directory renamed over the old one
	mkdirSync(join(root, '.next'));
	writeFileSync(join(root, '.next', 'uwsgi.ini'), '[uwsgi]\nprocesses = 2\n');
	rmSync(join(root, 'blog'), {recursive: true});
	renameSync(join(root, '.next'), join(root, 'blog'));
	await watching.waitForCount(2);
	const count = watching.observations.length;
	writeFileSync(blog, '[uwsgi]\nprocesses = 3\n');
	await watching.waitForCount(count + 1);
	assert.equal(watching.observations.at(-1)!.name, blog);
});

test('a relative pattern matches from cwd and names vassals by the relative path, as uWSGI does', {timeout: 5000}, async () => {
	const root = makeTempDir('emperor-glob-');
	project(root, 'blog');
	writeFileSync(join(root, 'top.ini'), '[uwsgi]\n');
	const watching = startWatching({pattern: '*/uwsgi.ini', cwd: root});
	await watching.source.initialScan();
	assert.deepEqual(watching.observations.map(observation => observation.name), ['blog/uwsgi.ini']);
	await watching.source.close();
	const flat = startWatching({pattern: '*.ini', cwd: root});
	await flat.source.initialScan();
	assert.deepEqual(flat.observations.map(observation => observation.name), ['top.ini']);
	await flat.source.close();
});

test('a symlinked project directory is followed; the rescan finds what no event announced', {timeout: 5000}, async () => {
	const root = makeTempDir('emperor-glob-');
	const elsewhere = makeTempDir('emperor-glob-target-');
	project(elsewhere, 'real');
	symlinkSync(join(elsewhere, 'real'), join(root, 'linked'));
	const watching = startWatching({pattern: `${root}/*/uwsgi.ini`});
	await watching.source.initialScan();
	assert.deepEqual(watching.observations.map(observation => observation.name), [join(root, 'linked', 'uwsgi.ini')]);
	// a file written in the link's target is outside every watched directory until a rescan
	writeFileSync(join(elsewhere, 'real', 'uwsgi.ini'), '[uwsgi]\nprocesses = 4\n');
	await watching.source.rescan();
	await watching.waitForCount(2);
	assert.ok(watching.observations[1]!.fingerprint !== undefined);
	await watching.source.close();
});

test('an unreadable directory is reported once, not on every scan', {skip: process.getuid?.() === 0 ? 'root reads every directory' : false}, async () => {
	const root = makeTempDir('emperor-glob-');
	mkdirSync(join(root, 'locked'), {mode: 0o000});
	const watching = startWatching({pattern: `${root}/locked/*.ini`});
	await watching.source.initialScan();
	await watching.source.rescan();
	assert.equal(watching.errors.length, 1);
	await watching.source.close();
});
