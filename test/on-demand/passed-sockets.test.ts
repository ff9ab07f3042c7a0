import assert from 'node:assert/strict';
import {connect} from 'node:net';
import {closeSync, existsSync, fstatSync, openSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {loadOnDemandNative} from '../../src/on-demand/native-socket.js';
import {makePassedSockets, openPassedSockets, type PassedSocket} from '../../src/on-demand/passed-sockets.js';
import {makeTempDir} from '../helpers/temp-dir.js';

const loaded = loadOnDemandNative();
if (!loaded.ok) throw new Error(loaded.reason);
const {native} = loaded;
const root = makeTempDir('emperor-passed-sockets-');
const isCloseOnExec = (fd: number) => (Number.parseInt(/flags:\s+(\d+)/.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))![1]!, 8) & 0o2000000) !== 0;

const passed = (name: string | undefined, path: string, fd = 100): PassedSocket => ({fd, name, address: {kind: 'unix', path}, text: path});

test('a vassal finds the socket named after it (app.ini first, then app), else the one at its own held address', () => {
	const sockets = makePassedSockets([passed('app', '/run/uwsgi/app.socket', 3), passed('app.ini', '/run/uwsgi/exact.socket', 4), passed('api', '/run/uwsgi/api.socket', 5), passed(undefined, '/run/uwsgi/bare.socket', 6)]);
	assert.equal(sockets.find('app.ini')?.fd, 4, 'the exact name wins');
	assert.equal(sockets.find('app.xml')?.fd, 3);
	assert.equal(sockets.find('api.ini')?.fd, 5);
	assert.equal(sockets.find('other.ini'), undefined);
	assert.equal(sockets.find('other.ini', {kind: 'unix', path: '/run/uwsgi/bare.socket'})?.fd, 6, 'matched by address');
	assert.equal(sockets.find('other.ini', {kind: 'unix', path: '/run/uwsgi/nothing.socket'}), undefined);
	assert.equal(sockets.find('api.ini', {kind: 'unix', path: '/run/uwsgi/bare.socket'})?.fd, 5, 'the name wins over the address');
});

test('sockets no vassal asked for are the unclaimed ones', () => {
	const sockets = makePassedSockets([passed('app', '/a', 3), passed('later', '/b', 4)]);
	assert.deepEqual(sockets.unclaimed().map(socket => socket.name), ['app', 'later']);
	sockets.find('app.ini');
	assert.deepEqual(sockets.unclaimed().map(socket => socket.name), ['later']);
});

test('passed fds are marked close-on-exec and described; what is not a listening stream socket is kept out, with a reason', () => {
	const unixPath = join(root, 'app.socket');
	const unixFd = native.listenUnix(unixPath, 0o666, 8);
	const tcpFd = native.listenTcp('127.0.0.1', 0, 8);
	writeFileSync(join(root, 'plain.txt'), '');
	const fileFd = openSync(join(root, 'plain.txt'), 'r');
	const {sockets, warnings} = openPassedSockets({fds: [{fd: unixFd, name: 'app'}, {fd: tcpFd, name: 'api'}, {fd: fileFd, name: 'file'}, {fd: 987, name: 'closed'}], warnings: ['from parsing']});
	assert.deepEqual(sockets.sockets.map(socket => [socket.name, socket.address.kind]), [['app', 'unix'], ['api', 'tcp']]);
	assert.equal(sockets.find('app.ini')?.text, unixPath);
	assert.match(sockets.find('api.ini')?.text ?? '', /^127\.0\.0\.1:\d+$/);
	assert.ok(isCloseOnExec(unixFd) && isCloseOnExec(tcpFd));
	assert.equal(warnings[0], 'from parsing');
	assert.match(warnings.join('\n'), new RegExp(`fd ${fileFd} is not a stream socket \\(file\\)`));
	assert.match(warnings.join('\n'), /fd 987 \(closed\) from systemd cannot be used: .*Bad file descriptor/);
	closeSync(fileFd);
	native.closeFd(unixFd);
	native.closeFd(tcpFd);
});

test('without the native addon nothing is adopted, and the warning says how to build it', () => {
	const {sockets, warnings} = openPassedSockets({fds: [{fd: 3, name: 'app'}], warnings: []}, () => ({ok: false, reason: 'it was not built'}));
	assert.deepEqual(sockets.sockets, []);
	assert.match(warnings.join(), /systemd passed 1 sockets, none is adopted: it was not built/);
});

test('a holder adopts a passed socket: it watches it like a bound one, and closing leaves the fd open and the file in place', async () => {
	const {makeSocketHolder} = await import('../../src/on-demand/socket-holder.js');
	const path = join(root, 'held.socket');
	const fd = native.listenUnix(path, 0o666, 8);
	const inode = statSync(path).ino;
	const holder = makeSocketHolder();
	const plan = {name: path, address: {kind: 'unix', path} as const, mode: 0o666, backlog: 8, isOnDemand: true, passedFd: fd};
	assert.equal(holder.listen(plan), undefined);
	assert.equal(holder.fd(), fd);
	const demanded = new Promise<void>(resolve => holder.sync(true, resolve));
	const client = connect(path);
	client.on('error', () => {});
	await demanded;
	client.destroy();
	holder.close();
	assert.ok(existsSync(path) && statSync(path).ino === inode, 'the socket file of a passed socket was removed');
	assert.ok(fstatSync(fd).isSocket(), 'the passed fd was closed');
	// the same fd is adopted again by a vassal that comes back
	assert.equal(holder.listen(plan), undefined);
	assert.equal(holder.fd(), fd);
	holder.close();
	native.closeFd(fd);
});
