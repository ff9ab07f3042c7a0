import assert from 'node:assert/strict';
import {test} from 'node:test';
import {expandPlaceholders} from '../../src/config/expand-placeholders.js';
import {listHostRequirements} from '../../src/config/host-requirements.js';
import {findLogicBlocks} from '../../src/config/logic-blocks.js';
import {parseUwsgiIni} from '../../src/config/parse-uwsgi-ini.js';
import {collectBindings} from '../../src/config/vassal-bindings.js';
import {makeVassalPaths} from '../../src/config/vassal-paths.js';

const requirementsOf = (text: string, chdir?: string) => {
	const {entries} = expandPlaceholders(parseUwsgiIni(`[uwsgi]\n${text}`, 'app.ini').entries, {magic: new Map([['(', '%(']]), env: {}});
	const paths = makeVassalPaths('/v', {chdir});
	const {conditional} = findLogicBlocks(entries);
	return listHostRequirements(entries, collectBindings(entries, paths.resolve, conditional), paths, conditional)
		.map(({line, ...requirement}) => ({...requirement, key: `${requirement.key}:${line}`}));
};

test('names need a lookup, numeric ids do not; chown-socket may name both', () => {
	assert.deepEqual(requirementsOf('uid = www-data\ngid = 33\nchown-socket = www-data:nginx'), [
		{key: 'uid:2', kind: 'user', name: 'www-data'}, {key: 'chown-socket:4', kind: 'user', name: 'www-data'}, {key: 'chown-socket:4', kind: 'group', name: 'nginx'},
	]);
});

test('paths resolve from chdir; the last chdir counts; a unix socket needs its directory', () => {
	assert.deepEqual(requirementsOf('chdir = /old\nchdir = /app\nwsgi-file = wsgi.py\nvirtualenv = venv\nmount = /x=x.wsgi\nsocket = run/app.sock', '/app'), [
		{key: 'wsgi-file:4', kind: 'file', role: 'wsgi-file', path: '/app/wsgi.py'},
		{key: 'virtualenv:5', kind: 'directory', role: 'virtualenv', path: '/app/venv'},
		{key: 'mount:6', kind: 'file', role: 'mount', path: '/app/x.wsgi'},
		{key: 'chdir:3', kind: 'directory', role: 'chdir', path: '/app'},
		{key: 'socket:7', kind: 'socket-directory', path: '/app/run', socket: 'app.sock'},
	]);
});

test('plugins and listen; nothing from inside an if block or from an unresolved value', () => {
	assert.deepEqual(requirementsOf('plugins = python3, http\nlisten = 1024\nif-env = X\nuid = ghost\nendif =\ngid = %(nope)'), [
		{key: 'plugins:2', kind: 'plugin', name: 'python3'}, {key: 'plugins:2', kind: 'plugin', name: 'http'}, {key: 'listen:3', kind: 'listen', value: 1024},
	]);
});
