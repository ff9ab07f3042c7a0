import assert from 'node:assert/strict';
import {chownSync, mkdirSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {startControlServer} from '../../src/control/control-server.js';
import {describeDocument, findEmperors} from '../../src/control/find-emperors.js';
import {makeStaleSocket} from '../helpers/stale-socket.js';
import {makeTempDir} from '../helpers/temp-dir.js';
import {isRoot} from '../helpers/users.js';

const uid = process.getuid!();

// a control socket that answers status with a document naming its vassal directory
const startAnsweringSocket = async (path: string, directory: string, pid: number) =>
	startControlServer(path, () => ({ok: true, message: 'status', result: {pid, emperor: [directory], vassals: []}}));

test('every live control socket in the places answers with its directory and pid; stale ones are passed over', async t => {
	const directory = makeTempDir('emperor-find-');
	const servers = [
		await startAnsweringSocket(join(directory, 'a-000000000000.control'), '/srv/a', 11),
		await startAnsweringSocket(join(directory, 'b-000000000000.control'), '/srv/b', 12),
	];
	t.after(() => Promise.all(servers.map(server => server.close())));
	makeStaleSocket(join(directory, 'dead-000000000000.control'));
	const search = await findEmperors([{kind: 'socket', path: join(directory, 'missing.control')}, {kind: 'directory', path: directory}, {kind: 'directory', path: join(directory, 'none')}], uid);
	assert.deepEqual(search.found.map(({path, directory, pid}) => ({path, directory, pid})), [
		{path: join(directory, 'a-000000000000.control'), directory: '/srv/a', pid: 11},
		{path: join(directory, 'b-000000000000.control'), directory: '/srv/b', pid: 12},
	]);
	assert.deepEqual(search.unreachable, []);
});

test('a directory another user owns is not trusted: its sockets could be planted', {skip: !isRoot && 'needs root to chown'}, async t => {
	const base = makeTempDir('emperor-find-');
	const planted = join(base, 'planted');
	mkdirSync(planted);
	const server = await startAnsweringSocket(join(planted, 'x-000000000000.control'), '/srv/fake', 13);
	t.after(() => server.close());
	chownSync(planted, 4242, 4242);
	assert.deepEqual((await findEmperors([{kind: 'directory', path: planted}], 4343)).found, []);
	assert.equal((await findEmperors([{kind: 'directory', path: planted}], 4242)).found.length, 1);
});

test('the directory and pid are read from our stats document or uWSGI\'s, and missing ones stay unknown', () => {
	assert.deepEqual(describeDocument({pid: 5, emperor: ['/etc/uwsgi/vassals']}), {directory: '/etc/uwsgi/vassals', pid: 5});
	assert.deepEqual(describeDocument(null), {directory: undefined, pid: undefined});
	assert.deepEqual(describeDocument({pid: '5', emperor: '/x'}), {directory: undefined, pid: undefined});
});
