import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {existsSync, statSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test, type TestContext} from 'node:test';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {ensureUser, isRoot} from '../helpers/users.js';
import {makeTempDir} from '../helpers/temp-dir.js';
import type {NotifyMessage, NotifyRejection} from '../../src/launch/notify-message.js';
import {makeNotifySocketPath, NOTIFY_PATH_MAX_BYTES, openNotifySocket, prepareNotifyDirectory, type NotifySocketOptions} from '../../src/launch/notify-socket.js';

const run = promisify(execFile);
const SENDER = fileURLToPath(new URL('../fixtures/bin/notify-sender.py', import.meta.url));
const hex = (text: string | Buffer) => (typeof text === 'string' && text.startsWith('fill:') ? text.slice(5) : Buffer.from(text).toString('hex'));
const send = async (path: string, datagrams: Array<string | Buffer>, user?: {uid: number; gid: number}) =>
	(await run('python3', [SENDER, path, 'hex', ...datagrams.map(hex)], user ?? {})).stdout.trim().split('\n');

type Received = {messages: NotifyMessage[]; rejections: Array<[NotifyRejection, number]>; waitFor: (predicate: () => boolean) => Promise<void>};

// opens a notify socket in a fresh 0711 directory and collects what it passes on, until the test ends
const openCollecting = (t: TestContext, extra: Partial<NotifySocketOptions> = {}) => {
	const directory = makeTempDir('emperor-notify-');
	prepareNotifyDirectory(directory);
	const waiters = new Set<() => void>();
	const wake = () => {
		for (const waiter of waiters) waiter();
	};
	const received: Received = {
		messages: [],
		rejections: [],
		waitFor: predicate => new Promise(resolve => {
			const check = () => {
				if (!predicate()) return;
				waiters.delete(check);
				resolve();
			};
			waiters.add(check);
			check();
		}),
	};
	const opened = openNotifySocket({
		path: makeNotifySocketPath(directory, 'app'),
		onMessage: message => (received.messages.push(message), wake()),
		onReject: (reason, bytes) => (received.rejections.push([reason, bytes]), wake()),
		onError: error => assert.fail(error),
		...extra,
	});
	assert.ok(opened.ok, JSON.stringify(opened));
	t.after(() => opened.socket.close());
	return {socket: opened.socket, received, directory};
};

test('datagrams from a real sender arrive parsed, in order', async t => {
	const {socket, received} = openCollecting(t);
	assert.deepEqual(await send(socket.path, ['STATUS=starting', 'READY=1\nSTATUS=Gunicorn arbiter booted\nMAINPID=42']), ['ok', 'ok']);
	await received.waitFor(() => received.messages.length === 2);
	assert.deepEqual(received.messages, [{status: 'starting', invalid: []}, {ready: true, status: 'Gunicorn arbiter booted', mainPid: 42, invalid: []}]);
	assert.deepEqual(socket.counts(), {received: 2, rejected: 0, mutedSeconds: 0});
});

test('systemd-notify reaches the socket given as NOTIFY_SOCKET', async t => {
	const {socket, received} = openCollecting(t);
	try {
		await run('systemd-notify', ['--ready', '--status=up from systemd-notify'], {env: {...process.env, NOTIFY_SOCKET: socket.path}});
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return t.skip('systemd-notify is not installed');
		throw error;
	}
	await received.waitFor(() => received.messages.some(message => message.ready));
	assert.deepEqual(received.messages.find(message => message.ready), {ready: true, status: 'up from systemd-notify', invalid: []});
});

test('garbage, NUL bytes and huge datagrams are refused with a reason and the socket keeps working', async t => {
	const {socket, received} = openCollecting(t);
	const garbage = [Buffer.from([0xff, 0xfe, 0x00, 0x41]), Buffer.from([0xc3, 0x28]), 'READY=1\0', `STATUS=${'x'.repeat(5000)}`, 'fill:41x100000', 'STOPPING=1'];
	assert.deepEqual(await send(socket.path, garbage), ['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
	await received.waitFor(() => received.messages.length === 1);
	// unix-dgram reads at most 64 KiB of a datagram: the 100 000-byte one arrives cut, and too large all the same
	assert.deepEqual(received.rejections, [['nul-byte', 4], ['not-utf8', 2], ['nul-byte', 8], ['too-large', 5007], ['too-large', 65_536]]);
	assert.deepEqual(received.messages, [{stopping: true, invalid: []}]);
	assert.deepEqual(socket.counts(), {received: 1, rejected: 5, mutedSeconds: 0});
});

test('a flood is cut at the per-second limit: the socket is muted, costs little, and takes messages again the next second', async t => {
	const {socket, received} = openCollecting(t, {maxMessagesPerSecond: 50});
	const before = process.cpuUsage();
	const flood = await run('python3', [SENDER, socket.path, 'flood', '200000']);
	const cpuMs = (({user, system}) => (user + system) / 1000)(process.cpuUsage(before));
	const [, sent, refused] = flood.stdout.match(/sent (\d+) refused (\d+)/)!.map(Number);
	t.diagnostic(`flood: ${sent} datagrams queued, ${refused} refused; ${received.messages.length} read; ${cpuMs.toFixed(0)} ms of this process's CPU`);
	assert.ok(refused! > 150_000, `most of the flood is refused by the kernel (${refused})`);
	assert.ok(socket.counts().mutedSeconds >= 1);
	assert.ok(received.messages.length <= 50 * 3, `at most the limit per second is read (${received.messages.length})`);
	assert.deepEqual((await run('python3', [SENDER, socket.path, 'until-ready'])).stdout.trim(), 'ok');
	await received.waitFor(() => received.messages.some(message => message.ready));
	assert.equal(statSync(socket.path).mode & 0o777, 0o600, 'the rebound socket has its mode again');
});

test('only the vassal\'s user can connect: the socket is 0600 and owned by its uid, in a 0711 directory', {skip: !isRoot && 'needs root to switch users'}, async t => {
	const vassal = ensureUser('emperor-notify-a');
	const stranger = ensureUser('emperor-notify-b');
	const {socket, received, directory} = openCollecting(t, {owner: vassal});
	assert.deepEqual([statSync(directory).mode & 0o777, statSync(socket.path).mode & 0o777, statSync(socket.path).uid, statSync(socket.path).gid], [0o711, 0o600, vassal.uid, vassal.gid]);
	assert.deepEqual(await send(socket.path, ['READY=1'], vassal), ['ok']);
	assert.deepEqual(await send(socket.path, ['STOPPING=1'], stranger), ['EACCES']);
	await received.waitFor(() => received.messages.length === 1);
	assert.deepEqual(received.messages, [{ready: true, invalid: []}]);
});

test('close() removes the socket file, twice is harmless, and a sender then finds nothing', async t => {
	const {socket} = openCollecting(t);
	socket.close();
	socket.close();
	assert.equal(existsSync(socket.path), false);
	assert.deepEqual(await send(socket.path, ['READY=1']), ['ENOENT']);
});

test('a stale socket file at the path is replaced; a file that is not a socket is refused', async t => {
	const directory = makeTempDir();
	const first = openNotifySocket({path: join(directory, 'n.sock'), onMessage: () => {}});
	assert.ok(first.ok);
	t.after(() => first.socket.close());
	const second = openNotifySocket({path: join(directory, 'n.sock'), onMessage: () => {}});
	assert.ok(second.ok);
	t.after(() => second.socket.close());
	writeFileSync(join(directory, 'plain'), '');
	const refused = openNotifySocket({path: join(directory, 'plain'), onMessage: () => {}});
	assert.deepEqual(refused, {ok: false, failure: {code: 'NOTIFY_PATH_TAKEN', message: `${join(directory, 'plain')} exists and is not a socket`}});
});

test('without unix-dgram, or with a path too long for sun_path, opening fails with a reason', () => {
	const missing = openNotifySocket({path: '/tmp/x.sock', onMessage: () => {}, loadLibrary: () => undefined});
	assert.deepEqual(missing, {ok: false, failure: {code: 'NOTIFY_LIBRARY_MISSING', message: 'the optional dependency unix-dgram is not installed or did not build, so the emperor cannot receive sd_notify datagrams'}});
	const long = openNotifySocket({path: `/tmp/${'x'.repeat(NOTIFY_PATH_MAX_BYTES)}`, onMessage: () => {}});
	assert.equal(!long.ok && long.failure.code, 'NOTIFY_PATH_TOO_LONG');
	const unbindable = openNotifySocket({path: '/nonexistent-directory/n.sock', onMessage: () => {}});
	assert.deepEqual(unbindable, {ok: false, failure: {code: 'NOTIFY_BIND_FAILED', message: 'bind /nonexistent-directory/n.sock: ENOENT'}});
});

test('each generation gets its own unguessable path, short enough for sun_path', () => {
	const paths = new Set(Array.from({length: 100}, () => makeNotifySocketPath('/run/emperor/notify', 'a very long vassal name with spaces and/slashes'.repeat(3))));
	assert.equal(paths.size, 100);
	for (const path of paths) {
		assert.match(path, /^\/run\/emperor\/notify\/[A-Za-z0-9_.-]{1,32}\.[A-Za-z0-9_-]{16}\.notify$/);
		assert.ok(Buffer.byteLength(path) <= NOTIFY_PATH_MAX_BYTES);
	}
});
