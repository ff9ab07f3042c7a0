import assert from 'node:assert/strict';
import {test} from 'node:test';
import {makeMagicTable, type MagicContext} from '../../src/config/magic-variables.js';

const context: MagicContext = {
	path: '/tmp/ut/m.ini', argument: 'm.ini', cwd: '/tmp/ut', hostname: 'vm', cpus: 2, uid: 0, user: 'root', gid: 0, group: 'root',
	inode: 2154673, binaryPath: '/usr/bin/uwsgi-core', version: '2.0.21-debian', now: 1_700_000_000.5,
};

test('the file variables follow uWSGI: %d keeps its trailing slash, %n drops the extension, %c is the folder', () => {
	const table = makeMagicTable(context);
	assert.deepEqual(['n', 'd', 'c', 'e', 'x', 'v', 's', 'p', '0', '1', '2', 'o', 'i'].map(letter => table.get(letter)),
		['m', '/tmp/ut/', 'ut', 'ini', '', '/tmp/ut', 'm.ini', '/tmp/ut/m.ini', 'tmp', 'ut', '', 'm.ini', '2154673']);
});

test('%j is the djb33x hash of the path as uWSGI prints it (checked against uwsgi --show-config)', () => {
	assert.equal(makeMagicTable(context).get('j'), '0F5A2C39');
});

test('the machine variables and the escapes', () => {
	const table = makeMagicTable(context);
	assert.deepEqual(['k', 'u', 'U', 'g', 'G', 'h', 't', '%', '(', '['].map(letter => table.get(letter)),
		['2', '0', 'root', '0', 'root', 'vm', '1700000000', '%', '%(', '\u001B']);
});

test('the upper-case twins equal the lower-case file variables for a vassal', () => {
	const table = makeMagicTable(context);
	for (const letter of 'odspcenxij') assert.equal(table.get(letter.toUpperCase()), table.get(letter), letter);
});

test('a letter uWSGI does not define is not in the table', () => {
	assert.equal(makeMagicTable(context).get('z'), undefined);
});
