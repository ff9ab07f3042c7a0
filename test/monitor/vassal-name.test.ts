import assert from 'node:assert/strict';
import {test} from 'node:test';
import {isVassalName} from '../../src/monitor/vassal-name.js';

test('*.ini files are vassals, with any characters uWSGI allows', () => {
	for (const name of ['app.ini', 'my app.ini', 'café.ini', 'a"quote.ini', 'x.y.ini']) assert.ok(isVassalName(name), name);
});

test('editor swap, backup and lock files are not vassals', () => {
	for (const name of ['.app.ini.swp', 'app.ini~', '4913', '.#app.ini', '.app.ini', 'app.ini.bak', 'app.ini.tmp']) assert.ok(!isVassalName(name), name);
});

test('other extensions and a bare extension are not vassals', () => {
	for (const name of ['app.xml', 'app.yaml', 'README.md', '.ini', 'ini']) assert.ok(!isVassalName(name), name);
});

test('names of 255 characters or more are refused, as uWSGI does', () => {
	assert.ok(isVassalName(`${'a'.repeat(250)}.ini`));
	assert.ok(!isVassalName(`${'a'.repeat(251)}.ini`));
});
