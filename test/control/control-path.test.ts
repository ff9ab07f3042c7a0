import assert from 'node:assert/strict';
import {test} from 'node:test';
import {chooseControlDirectory, controlPlaces, controlSocketName, defaultControlPath} from '../../src/control/control-path.js';

test('under systemd the control socket is emperor.control in the RuntimeDirectory, whoever runs the emperor', () => {
	assert.equal(defaultControlPath({RUNTIME_DIRECTORY: '/run/uwsgi'}, 0, '/etc/uwsgi/vassals'), '/run/uwsgi/emperor.control');
	assert.equal(defaultControlPath({RUNTIME_DIRECTORY: '/run/uwsgi:/run/other', XDG_RUNTIME_DIR: '/run/user/1000'}, 1000, '/srv/v'), '/run/uwsgi/emperor.control');
});

test('as root outside systemd it lives under /run, even with a session\'s XDG_RUNTIME_DIR', () => {
	assert.deepEqual(chooseControlDirectory({}, 0), {path: '/run/emperor', mode: 0o755});
	assert.deepEqual(chooseControlDirectory({XDG_RUNTIME_DIR: '/run/user/0'}, 0), {path: '/run/emperor', mode: 0o755});
	assert.match(defaultControlPath({}, 0, '/etc/uwsgi/vassals'), /^\/run\/emperor\/vassals-[0-9a-f]{12}\.control$/);
});

test('a user gets $XDG_RUNTIME_DIR/emperor, or a private /tmp/emperor-UID without a session', () => {
	assert.deepEqual(chooseControlDirectory({XDG_RUNTIME_DIR: '/run/user/1000'}, 1000), {path: '/run/user/1000/emperor', mode: 0o700});
	assert.deepEqual(chooseControlDirectory({}, 1000), {path: '/tmp/emperor-1000', mode: 0o700});
	assert.deepEqual(chooseControlDirectory({XDG_RUNTIME_DIR: 'relative/dir'}, 1000), {path: '/tmp/emperor-1000', mode: 0o700}, 'a relative XDG_RUNTIME_DIR is ignored, as the spec says');
});

test('emperors of different vassal directories get different sockets, each with a readable part', () => {
	const names = ['/srv/a/vassals', '/srv/b/vassals', '/etc/uwsgi/vassals', '/'].map(controlSocketName);
	assert.equal(new Set(names).size, names.length);
	assert.match(names[0]!, /^vassals-[0-9a-f]{12}\.control$/);
	assert.match(names[3]!, /^root-[0-9a-f]{12}\.control$/);
	assert.equal(controlSocketName('/srv/a/vassals'), names[0], 'the same directory always gets the same name');
	assert.match(controlSocketName('/srv/my apps/.hidden dir'), /^hidden_dir-[0-9a-f]{12}\.control$/);
});

test('a path too long for a unix socket keeps only the hash', () => {
	const long = `/home/${'x'.repeat(60)}/run`;
	const path = defaultControlPath({XDG_RUNTIME_DIR: long}, 1000, `/srv/${'y'.repeat(40)}`);
	assert.match(path, /\/emperor-[0-9a-f]{12}\.control$/);
	assert.ok(Buffer.byteLength(path) <= 107, path);
});

test('a client looks where an emperor of this user would be, with or without a session, at the systemd unit\'s socket, and at root\'s', () => {
	assert.deepEqual(controlPlaces({XDG_RUNTIME_DIR: '/run/user/1000'}, 1000), [
		{kind: 'socket', path: '/run/uwsgi/emperor.control'},
		{kind: 'socket', path: '/run/user/1000/uwsgi/emperor.control'},
		{kind: 'directory', path: '/run/user/1000/emperor'},
		{kind: 'directory', path: '/tmp/emperor-1000'},
		{kind: 'directory', path: '/run/emperor'},
	]);
	assert.deepEqual(controlPlaces({RUNTIME_DIRECTORY: '/run/app'}, 0), [
		{kind: 'socket', path: '/run/app/emperor.control'},
		{kind: 'socket', path: '/run/uwsgi/emperor.control'},
		{kind: 'directory', path: '/run/emperor'},
	]);
});
