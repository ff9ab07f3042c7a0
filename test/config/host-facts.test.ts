import assert from 'node:assert/strict';
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {readHostFacts} from '../../src/config/host-facts.js';
import {makeTempDir} from '../helpers/temp-dir.js';

test('reads accounts, paths and plugins only as far as the requirements ask', async () => {
	const directory = makeTempDir('emperor-host-');
	mkdirSync(join(directory, 'plugins'));
	writeFileSync(join(directory, 'plugins', 'python3_plugin.so'), '');
	writeFileSync(join(directory, 'wsgi.py'), '');
	const where = {key: 'k', line: 1};
	const facts = await readHostFacts([
		{...where, kind: 'user', name: 'root'}, {...where, kind: 'group', name: 'root'}, {...where, kind: 'plugin', name: 'python3'},
		{...where, kind: 'file', role: 'wsgi-file', path: join(directory, 'wsgi.py')}, {...where, kind: 'directory', role: 'chdir', path: join(directory, 'nope')},
		{...where, kind: 'socket-directory', path: directory, socket: 'a.sock'},
	], join(directory, 'plugins'));
	assert.ok(facts.users?.has('root'));
	assert.ok(facts.groups?.has('root'));
	assert.deepEqual([...facts.plugins!.names], ['python3']);
	assert.deepEqual([...facts.paths.values()], ['file', 'missing', 'directory']);
	assert.equal(facts.somaxconn, undefined, 'not asked');
});

test('nothing asked, nothing read', async () => {
	assert.deepEqual(await readHostFacts([]), {users: undefined, groups: undefined, somaxconn: undefined, plugins: undefined, paths: new Map()});
});
