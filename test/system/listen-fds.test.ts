import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseListenFds, passedNamesOf} from '../../src/system/listen-fds.js';

const PID = 4242;

test('no LISTEN_* variables: no sockets and nothing to say', () => {
	assert.deepEqual(parseListenFds({}, PID), {fds: [], warnings: []});
});

test('LISTEN_FDS=n for this pid: fds 3 … 3+n-1, named in order by LISTEN_FDNAMES', () => {
	const parsed = parseListenFds({LISTEN_PID: String(PID), LISTEN_FDS: '3', LISTEN_FDNAMES: 'app:api.ini:emperor.uwsgi.socket'}, PID);
	assert.deepEqual(parsed, {fds: [{fd: 3, name: 'app'}, {fd: 4, name: 'api.ini'}, {fd: 5, name: 'emperor.uwsgi.socket'}], warnings: []});
});

test('without LISTEN_FDNAMES the fds are unnamed', () => {
	assert.deepEqual(parseListenFds({LISTEN_PID: String(PID), LISTEN_FDS: '2'}, PID), {fds: [{fd: 3, name: undefined}, {fd: 4, name: undefined}], warnings: []});
});

test('variables meant for another process (inherited from an activated parent) are ignored, with a warning', () => {
	const parsed = parseListenFds({LISTEN_PID: '17', LISTEN_FDS: '1', LISTEN_FDNAMES: 'app'}, PID);
	assert.deepEqual(parsed.fds, []);
	assert.match(parsed.warnings.join(), /LISTEN_PID=17 is not this process \(4242\)/);
});

test('a malformed LISTEN_PID or LISTEN_FDS adopts nothing and says why', () => {
	for (const [env, pattern] of [
		[{LISTEN_FDS: '1'}, /LISTEN_FDS is set without LISTEN_PID/],
		[{LISTEN_PID: 'me', LISTEN_FDS: '1'}, /LISTEN_PID=me is not a process id/],
		[{LISTEN_PID: '0', LISTEN_FDS: '1'}, /LISTEN_PID=0 is not a process id/],
		[{LISTEN_PID: String(PID), LISTEN_FDS: '0'}, /LISTEN_FDS=0: expected a count/],
		[{LISTEN_PID: String(PID), LISTEN_FDS: '-1'}, /LISTEN_FDS=-1/],
		[{LISTEN_PID: String(PID), LISTEN_FDS: '2x'}, /LISTEN_FDS=2x/],
		[{LISTEN_PID: String(PID), LISTEN_FDS: '99999999'}, /LISTEN_FDS=99999999/],
		[{LISTEN_PID: String(PID)}, /LISTEN_FDS=: expected a count/],
	] as const) {
		const parsed = parseListenFds(env, PID);
		assert.deepEqual(parsed.fds, [], JSON.stringify(env));
		assert.match(parsed.warnings.join(), pattern, JSON.stringify(env));
	}
});

test('a count of names that does not match LISTEN_FDS: the fds are kept, every name is ignored', () => {
	for (const names of ['app', 'app:api:extra', '']) {
		const parsed = parseListenFds({LISTEN_PID: String(PID), LISTEN_FDS: '2', LISTEN_FDNAMES: names}, PID);
		assert.deepEqual(parsed.fds, [{fd: 3, name: undefined}, {fd: 4, name: undefined}], names);
		assert.match(parsed.warnings.join(), /LISTEN_FDNAMES has \d names for 2 passed fds: the names are ignored/);
	}
});

test('an invalid name (a control character, over 255 characters) is ignored alone; an empty name is unnamed', () => {
	const parsed = parseListenFds({LISTEN_PID: String(PID), LISTEN_FDS: '4', LISTEN_FDNAMES: `app:bad\tname::${'x'.repeat(256)}`}, PID);
	assert.deepEqual(parsed.fds.map(fd => fd.name), ['app', undefined, undefined, undefined]);
	assert.equal(parsed.warnings.length, 2, parsed.warnings.join('\n'));
	assert.match(parsed.warnings[0]!, /the name of fd 4 is not a valid fd name/);
	assert.match(parsed.warnings[1]!, /the name of fd 6 is not a valid fd name/);
});

test('a vassal is passed its socket under its own name, then its name without the extension', () => {
	assert.deepEqual(passedNamesOf('app.ini'), ['app.ini', 'app']);
	assert.deepEqual(passedNamesOf('my.app.ini'), ['my.app.ini', 'my.app']);
	assert.deepEqual(passedNamesOf('app'), ['app']);
	assert.deepEqual(passedNamesOf('.hidden'), ['.hidden']);
});

test('a vassal named by a path (a glob vassal) is looked up under its safe identifier, with and without its extension', () => {
	assert.deepEqual(passedNamesOf('/srv/blog/uwsgi.ini'), ['srv_blog_uwsgi-6c5ada26.ini', 'srv_blog_uwsgi-6c5ada26']);
});
