import assert from 'node:assert/strict';
import {test} from 'node:test';
import {buildVassalArgv, buildVassalCommand, buildVassalEnv, describeSpawnFailure} from '../../src/vassal/spawn-vassal.js';

test('a vassal gets --ini NAME, as the dir:// monitor gives it', () => {
	assert.deepEqual(buildVassalArgv('app.ini', []), ['--ini', 'app.ini']);
});

test('--vassal-set settings come before the config, as --set', () => {
	assert.deepEqual(buildVassalArgv('app.ini', ['plugins=python3', 'processes=2']), ['--set', 'plugins=python3', '--set', 'processes=2', '--ini', 'app.ini']);
});

test('the vassal environment has UWSGI_EMPEROR_FD and none of the emperor-only variables', () => {
	const env = buildVassalEnv({PATH: '/usr/bin', NOTIFY_SOCKET: '/run/systemd/notify', LISTEN_FDS: '2', LISTEN_PID: '1', WATCHDOG_USEC: '1', UWSGI_RELOADS: '3', HOME: '/root'});
	assert.deepEqual(env, {PATH: '/usr/bin', HOME: '/root', UWSGI_EMPEROR_FD: '3'});
});

test('UWSGI_VASSAL_X reaches the vassal as UWSGI_X', () => {
	const env = buildVassalEnv({UWSGI_VASSAL_PROCESSES: '4', UWSGI_VASSAL_FOO: 'bar'});
	assert.deepEqual(env, {UWSGI_PROCESSES: '4', UWSGI_FOO: 'bar', UWSGI_EMPEROR_FD: '3'});
});

test('a missing binary is explained with what to install', () => {
	assert.equal(describeSpawnFailure('uwsgi', 'ENOENT', 'spawn uwsgi ENOENT'), 'uwsgi not found; install uwsgi-core and uwsgi-plugin-python3 or set --binary-path');
	assert.match(describeSpawnFailure('/x', 'EACCES', ''), /not executable/);
});

test('a tyrant vassal is executed with its owner\'s uid and gid, or through setpriv for its groups', () => {
	const spec = {binary: 'uwsgi', name: 'app.ini', cwd: '/v', vassalSet: [], env: {}};
	assert.deepEqual(buildVassalCommand(spec), {file: 'uwsgi', args: ['--ini', 'app.ini']});
	assert.deepEqual(buildVassalCommand({...spec, owner: {uid: 33, gid: 34}}), {file: 'uwsgi', args: ['--ini', 'app.ini'], uid: 33, gid: 34});
	assert.deepEqual(buildVassalCommand({...spec, owner: {uid: 33, gid: 34}, initgroups: true}), {
		file: 'setpriv', args: ['--reuid', '33', '--regid', '34', '--init-groups', '--', 'uwsgi', '--ini', 'app.ini'],
	});
});
