import assert from 'node:assert/strict';
import {test} from 'node:test';
import {checkHost} from '../../src/config/check-host.js';
import {formatConfigIssue} from '../../src/config/config-issue.js';
import type {HostFacts} from '../../src/config/host-facts.js';
import type {HostRequirement} from '../../src/config/host-requirements.js';

const facts: HostFacts = {
	users: new Set(['root', 'www-data']),
	groups: new Set(['root', 'www-data']),
	somaxconn: 4096,
	plugins: {directory: '/usr/lib/uwsgi/plugins', names: new Set(['python3', 'http'])},
	paths: new Map([['/srv/app', 'directory'], ['/srv/app/wsgi.py', 'file'], ['/srv/gone', 'missing'], ['/srv/gone/wsgi.py', 'missing'], ['/srv/file', 'file'], ['/run/nope', 'missing']]),
};

const at = (line: number, key: string) => ({line, key});
const check = (requirements: HostRequirement[], with_: HostFacts = facts) => checkHost(requirements, with_, 'app.ini').map(issue => `${formatConfigIssue(issue)} [${issue.severity}]`);

test('what this machine has passes', () => {
	assert.deepEqual(check([
		{...at(2, 'uid'), kind: 'user', name: 'www-data'}, {...at(3, 'gid'), kind: 'group', name: 'www-data'},
		{...at(4, 'chdir'), kind: 'directory', role: 'chdir', path: '/srv/app'}, {...at(5, 'wsgi-file'), kind: 'file', role: 'wsgi-file', path: '/srv/app/wsgi.py'},
		{...at(6, 'listen'), kind: 'listen', value: 4096}, {...at(7, 'plugins'), kind: 'plugin', name: 'python3'},
		{...at(8, 'socket'), kind: 'socket-directory', path: '/srv/app', socket: 'app.sock'},
	]), []);
});

test('what it lacks is an error that says what uWSGI will do (a missing plugin only a warning)', () => {
	assert.deepEqual(check([
		{...at(2, 'uid'), kind: 'user', name: 'http'}, {...at(3, 'gid'), kind: 'group', name: 'http'},
		{...at(4, 'virtualenv'), kind: 'directory', role: 'virtualenv', path: '/srv/file'},
		{...at(5, 'listen'), kind: 'listen', value: 8192}, {...at(6, 'plugins'), kind: 'plugin', name: 'php'},
		{...at(7, 'socket'), kind: 'socket-directory', path: '/run/nope', socket: 'app.sock'},
	]), [
		'app.ini:2: uid: user "http" does not exist on this machine: uWSGI exits at start-up [error]',
		'app.ini:3: gid: group "http" does not exist on this machine: uWSGI exits at start-up [error]',
		'app.ini:4: virtualenv: directory /srv/file is not a directory: Python cannot start [error]',
		'app.ini:5: listen: expected at most net.core.somaxconn (4096), found 8192: uWSGI cannot bind its sockets [error]',
		'app.ini:6: plugins: plugin "php" is not installed (no /usr/lib/uwsgi/plugins/php_plugin.so): uWSGI starts without it [warning]',
		'app.ini:7: socket: directory /run/nope of the unix socket app.sock does not exist: uWSGI cannot bind it [error]',
	]);
});

test('a missing chdir is reported once, not again for the files inside it', () => {
	assert.deepEqual(check([{...at(2, 'chdir'), kind: 'directory', role: 'chdir', path: '/srv/gone'}, {...at(3, 'wsgi-file'), kind: 'file', role: 'wsgi-file', path: '/srv/gone/wsgi.py'}]),
		['app.ini:2: chdir: directory /srv/gone does not exist: uWSGI exits at start-up [error]']);
});

test('facts that could not be read are not checked: no plugin directory (a pip build), no passwd', () => {
	assert.deepEqual(check([{...at(2, 'uid'), kind: 'user', name: 'http'}, {...at(3, 'plugins'), kind: 'plugin', name: 'php'}], {paths: new Map()}), []);
});
