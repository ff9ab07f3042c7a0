import assert from 'node:assert/strict';
import {test} from 'node:test';
import {startFakeEmperor} from '../helpers/fake-emperor.js';
import {waitForRecord} from '../helpers/fake-vassal.js';

test('a vassal is run as BINARY --ini NAME in the vassals dir with only the emperor channel added', {timeout: 30_000}, async t => {
	const emperor = startFakeEmperor(t, {vassals: {'a.ini': {}}, env: {NOTIFY_SOCKET: '/run/emperor-test/notify.sock'}});
	const spawned = await emperor.waitForLog({event: 'vassal-spawned', vassal: 'a.ini'});
	const start = await waitForRecord(emperor.recordDir, 'a.ini', record => record.event === 'start');
	assert.equal(start.pid, spawned.pid);
	assert.deepEqual(start.argv, ['--ini', 'a.ini']);
	assert.equal(start.cwd, emperor.vassalsDir);
	assert.equal(start.env?.UWSGI_EMPEROR_FD, '3');
	assert.equal(start.env?.NOTIFY_SOCKET, undefined, 'NOTIFY_SOCKET must not reach a vassal');
	assert.equal(start.stdin, '/dev/null');
	assert.equal(start.channelType, 'stream', 'the channel is an AF_UNIX stream socket');
	const sockets = Object.entries(start.fds ?? {}).filter(([fd, target]) => Number(fd) >= 3 && target.startsWith('socket:'));
	assert.deepEqual(sockets.map(([fd]) => fd), ['3'], 'no other socket (another vassal\'s channel, a watcher) leaks into the vassal');
	assert.ok(!Object.values(start.fds ?? {}).includes('anon_inode:inotify'), 'the emperor\'s inotify fd leaked into the vassal');
	await emperor.waitForLog({event: 'vassal-accepting', vassal: 'a.ini'});
});

test('--vassal-set K=V adds --set K=V before --ini', {timeout: 30_000}, async t => {
	const emperor = startFakeEmperor(t, {vassals: {'a.ini': {}}, flags: {'--vassal-set': ['processes=2', 'harakiri=30']}});
	const start = await waitForRecord(emperor.recordDir, 'a.ini', record => record.event === 'start');
	assert.deepEqual(start.argv, ['--set', 'processes=2', '--set', 'harakiri=30', '--ini', 'a.ini']);
});

// a uWSGI that inherits UWSGI_RELOADS believes it is a reload and never sends byte 1 (uwsgi-emperor.md §2.1 step 5)
test('UWSGI_RELOADS from the emperor\'s environment does not reach a vassal', {timeout: 30_000}, async t => {
	const emperor = startFakeEmperor(t, {vassals: {'a.ini': {}}, env: {UWSGI_RELOADS: '3'}});
	const start = await waitForRecord(emperor.recordDir, 'a.ini', record => record.event === 'start');
	assert.equal(start.env?.UWSGI_RELOADS, undefined);
});
