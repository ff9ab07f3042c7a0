import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {readlinkSync, statSync, writeFileSync} from 'node:fs';
import {connect, type Socket} from 'node:net';
import {join} from 'node:path';
import {test} from 'node:test';
import {loadOnDemandNative, type OnDemandNative} from '../../src/on-demand/native-socket.js';
import {getFreePort} from '../helpers/ports.js';
import {makeTempDir} from '../helpers/temp-dir.js';

const loaded = loadOnDemandNative();
if (!loaded.ok) throw new Error(loaded.reason);
const native: OnDemandNative = loaded.native;
const root = makeTempDir('emperor-native-socket-');
let sockets = 0;
const socketPath = () => join(root, `s${sockets++}.sock`);

// resolves when the addon says a connection is pending
const nextDemand = (fd: number) => new Promise<void>(resolve => native.watchReadable(fd, resolve));

const connectTo = (where: {path: string} | {port: number}): Socket => {
	const client = 'path' in where ? connect(where.path) : connect(where.port, '127.0.0.1');
	client.on('error', () => {});
	return client;
};

// a child that accepts one connection on its fd 0 (as an on-demand vassal does) and answers with its pid
const ACCEPT_ON_STDIN = `
	const server = require('node:net').createServer({pauseOnConnect: false}, connection => connection.end('served by ' + process.pid, () => process.exit(0)));
	server.listen({fd: 0});
`;

const readAll = async (client: Socket): Promise<string> => {
	const chunks: Buffer[] = [];
	client.on('data', (chunk: Buffer) => chunks.push(chunk));
	await once(client, 'close');
	return Buffer.concat(chunks).toString('utf8');
};

test('listenUnix binds a socket file with the given mode and calls back once a connection is pending', async () => {
	const path = socketPath();
	const fd = native.listenUnix(path, 0o660, 16);
	assert.ok(statSync(path).isSocket());
	assert.equal(statSync(path).mode & 0o777, 0o660);
	const demand = nextDemand(fd);
	const client = connectTo({path});
	await demand;
	client.destroy();
	native.closeFd(fd);
});

test('a child given the fd as stdin accepts the pending connection; the emperor keeps its copy', async () => {
	const path = socketPath();
	const fd = native.listenUnix(path, 0o666, 16);
	for (const round of [1, 2]) {
		const demand = nextDemand(fd);
		const client = connectTo({path});
		await demand;
		const child = spawn(process.execPath, ['-e', ACCEPT_ON_STDIN], {stdio: [fd, 'ignore', 'inherit']});
		const answer = await readAll(client);
		assert.equal(answer, `served by ${child.pid}`, `round ${round}`);
		await once(child, 'exit');
	}
	native.closeFd(fd);
});

test('listenUnix replaces a stale file at the path, as uWSGI unlinks first', () => {
	const path = socketPath();
	writeFileSync(path, 'stale');
	const fd = native.listenUnix(path, 0o666, 16);
	assert.ok(statSync(path).isSocket());
	native.closeFd(fd);
});

test('listenTcp listens on a loopback port and reports a port in use with its code', async () => {
	const port = await getFreePort();
	const fd = native.listenTcp('127.0.0.1', port, 16);
	assert.throws(() => native.listenTcp('127.0.0.1', port, 16), {code: 'EADDRINUSE', syscall: 'bind', message: `bind 127.0.0.1:${port}: Address already in use`});
	const demand = nextDemand(fd);
	const client = connectTo({port});
	await demand;
	client.destroy();
	native.closeFd(fd);
});

test('errors carry the syscall, the path and the errno code', () => {
	assert.throws(() => native.listenUnix(join(root, 'missing', 'app.sock'), 0o666, 16), {code: 'ENOENT', syscall: 'bind'});
	assert.throws(() => native.listenUnix(`/tmp/${'x'.repeat(120)}.sock`, 0o666, 16), {code: 'ENAMETOOLONG'});
	assert.throws(() => native.listenTcp('not-an-ip', 80, 16), {code: 'EINVAL', syscall: 'inet_pton'});
	assert.throws(() => native.listenUnix(42 as unknown as string, 0o666, 16), {code: 'ERR_INVALID_ARG_TYPE'});
});

test('an unwatched socket does not call back; a new watch sees the connection that waited', async () => {
	const path = socketPath();
	const fd = native.listenUnix(path, 0o666, 16);
	let stale = 0;
	native.unwatch(native.watchReadable(fd, () => stale++));
	const client = connectTo({path});
	await once(client, 'connect');
	await nextDemand(fd);
	assert.equal(stale, 0);
	client.destroy();
	native.closeFd(fd);
});

test('unwatch after the callback ran does nothing', async () => {
	const path = socketPath();
	const fd = native.listenUnix(path, 0o666, 16);
	let handle: ReturnType<OnDemandNative['watchReadable']> | undefined;
	const demand = new Promise<void>(resolve => {
		handle = native.watchReadable(fd, resolve);
	});
	const client = connectTo({path});
	await demand;
	native.unwatch(handle!);
	client.destroy();
	native.closeFd(fd);
});

test('the fd is close-on-exec: a child not given it does not inherit it', async () => {
	const path = socketPath();
	const fd = native.listenUnix(path, 0o666, 16);
	const target = readlinkSync(`/proc/self/fd/${fd}`);
	const child = spawn('ls', ['-l', '/proc/self/fd/'], {stdio: ['ignore', 'pipe', 'inherit']});
	const chunks: Buffer[] = [];
	child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
	await once(child, 'close');
	assert.doesNotMatch(Buffer.concat(chunks).toString('utf8'), new RegExp(target.replace(/[[\]]/g, '\\$&')));
	native.closeFd(fd);
});

test('after closeFd a connection is refused', async () => {
	const port = await getFreePort();
	native.closeFd(native.listenTcp('127.0.0.1', port, 16));
	const client = connect(port, '127.0.0.1');
	const [error] = await once(client, 'error') as [NodeJS.ErrnoException];
	assert.equal(error.code, 'ECONNREFUSED');
});
