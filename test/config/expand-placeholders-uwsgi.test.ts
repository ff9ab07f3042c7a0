import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {expandPlaceholders} from '../../src/config/expand-placeholders.js';
import {readMagicContext} from '../../src/config/magic-context.js';
import {makeMagicTable} from '../../src/config/magic-variables.js';
import {parseUwsgiIni} from '../../src/config/parse-uwsgi-ini.js';
import {makeTempDir} from '../helpers/temp-dir.js';

const hasUwsgi = spawnSync('uwsgi', ['--version']).status === 0;

// every kind of placeholder, each in a key of its own so `uwsgi --get KEY` prints what uWSGI made of it
const VASSAL = [
	'[uwsgi]',
	'base = %d',
	'socket = %(base)%n.sock',
	'logto = /var/log/%c-%n-%e.log',
	'home_dir = $(HOME)/%(nope)',
	'files = %s|%p|%o|%0|%v|%x',
	'later = %(socket)?%(base)',
	'percent = 100%%',
	'unknown = a%zb',
	'machine = %k|%u|%U|%g|%G|%h',
	'hash = %j|%i',
	'first = one',
	'first = two',
	'pick = %(first)',
	'',
].join('\n');

test('placeholders expand as the installed uWSGI expands them (uwsgi --ini NAME --get KEY)', {skip: !hasUwsgi && 'uwsgi is not installed'}, async () => {
	const directory = makeTempDir('emperor-expand-');
	writeFileSync(join(directory, 'shop.ini'), VASSAL);
	const {entries} = parseUwsgiIni(VASSAL, 'shop.ini');
	const keys = [...new Set(entries.map(entry => entry.key))].filter(key => key !== 'first');
	const real = spawnSync('uwsgi', ['--ini', 'shop.ini', ...keys.flatMap(key => ['--get', key])], {cwd: directory, encoding: 'utf8', timeout: 10_000});
	const magic = makeMagicTable(await readMagicContext(directory, 'shop.ini'));
	const expanded = expandPlaceholders(entries, {magic, env: process.env}).entries;
	const ours = keys.map(key => expanded.find(entry => entry.key === key)!.value);
	assert.deepEqual(ours, real.stdout.trimEnd().split('\n'));
});
