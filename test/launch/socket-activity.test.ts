import assert from 'node:assert/strict';
import {spawn, type ChildProcess} from 'node:child_process';
import {once} from 'node:events';
import {closeSync, openSync} from 'node:fs';
import net from 'node:net';
import {createInterface} from 'node:readline';
import {join} from 'node:path';
import {test, type TestContext} from 'node:test';
import {makeTempDir} from '../helpers/temp-dir.js';
import {loadOnDemandNative} from '../../src/on-demand/native-socket.js';
import {armConnectionWatch} from '../../src/launch/connection-watch.js';
import {findSocketInode, isListenerActive, measureListenerActivity, readSocketTables, type ListenerActivity} from '../../src/launch/socket-activity.js';

const load = loadOnDemandNative();
const skip = !load.ok && 'the native addon is not built';

// a Node server serving the held socket as fd 3, as a vassal does; it answers each byte with "x", closes when it reads "q", and says when a connection is closed
const SERVER = "require('net').createServer(c=>{c.on('data',d=>{c.write('x'); if(String(d).includes('q')) c.end()}); c.on('close',()=>process.stdout.write('closed\\n'))}).listen({fd:3},()=>process.stdout.write('listening\\n'))";

type Held = {fd: number; inode: number; connect: () => net.Socket; serve: () => Promise<ChildProcess>; serverClosed?: () => Promise<void>};

// holds a listening socket as the emperor does (bound and listening, fd not watched by this process)
const holdListener = async (t: TestContext, kind: 'unix' | 'tcp'): Promise<Held> => {
	assert.ok(load.ok);
	const {native} = load;
	const path = join(makeTempDir(), 'app.sock');
	const fd = kind === 'unix' ? native.listenUnix(path, 0o600, 64) : native.listenTcp('127.0.0.1', 0, 64);
	t.after(() => native.closeFd(fd));
	const inode = (await findSocketInode(fd))!;
	const port = kind === 'tcp' ? (await readSocketTables({tcp: true})).tcp.find(entry => entry.inode === inode)!.localPort : 0;
	const held: Held = {
		fd, inode,
		connect: () => (kind === 'unix' ? net.connect(path) : net.connect(port, '127.0.0.1')),
		serve: async () => {
			const child = spawn(process.execPath, ['-e', SERVER], {stdio: ['ignore', 'pipe', 'inherit', fd]});
			t.after(() => child.kill('SIGKILL'));
			const lines = createInterface({input: child.stdout!});
			await once(lines, 'line');
			held.serverClosed = async () => {
				await once(lines, 'line');
			};
			return child;
		},
	};
	return held;
};

// a connection that has been answered once (so the server has accepted it)
const openServed = async (held: Held): Promise<net.Socket> => {
	const socket = held.connect();
	await once(socket, 'connect');
	socket.write('k');
	await once(socket, 'data');
	return socket;
};
// a whole request: connect, answered, closed by the server
const requestOnce = async (held: Held) => {
	const socket = await openServed(held);
	const isServerClosed = held.serverClosed?.();
	socket.write('q');
	await Promise.all([once(socket, 'close'), isServerClosed]);
};
const measure = async (held: Held, previous?: ReadonlySet<string>): Promise<ListenerActivity> => measureListenerActivity(await readSocketTables(), held.inode, previous);
const counts = ({isFound, open, queued, recentlyClosed, newSinceLastCheck}: ListenerActivity) => ({isFound, open, queued, recentlyClosed, newSinceLastCheck});

for (const kind of ['unix', 'tcp'] as const) {
	test(`${kind}: an idle listener shows nothing; an open connection shows as open and new, then as known`, {skip}, async t => {
		const held = await holdListener(t, kind);
		await held.serve();
		const idle = await measure(held);
		assert.deepEqual(counts(idle), {isFound: true, open: 0, queued: 0, recentlyClosed: 0, newSinceLastCheck: 0});
		assert.equal(isListenerActive(idle), false);
		const socket = await openServed(held);
		t.after(() => socket.destroy());
		const first = await measure(held, idle.seen);
		assert.deepEqual(counts(first), {isFound: true, open: 1, queued: 0, recentlyClosed: 0, newSinceLastCheck: 1});
		const second = await measure(held, first.seen);
		assert.deepEqual(counts(second), {isFound: true, open: 1, queued: 0, recentlyClosed: 0, newSinceLastCheck: 0});
		assert.equal(isListenerActive(second), true);
	});

	test(`${kind}: connections nobody accepts yet are queued`, {skip}, async t => {
		const held = await holdListener(t, kind);
		const sockets = [held.connect(), held.connect()];
		t.after(() => sockets.forEach(socket => socket.destroy()));
		await Promise.all(sockets.map(socket => once(socket, 'connect')));
		const activity = await measure(held);
		assert.deepEqual(counts(activity), {isFound: true, open: 0, queued: 2, recentlyClosed: 0, newSinceLastCheck: 2});
	});
}

test('tcp: a request that came and went between two checks is still seen, by its TIME_WAIT', {skip}, async t => {
	const held = await holdListener(t, 'tcp');
	await held.serve();
	const before = await measure(held);
	await requestOnce(held);
	const after = await measure(held, before.seen);
	assert.deepEqual(counts(after), {isFound: true, open: 0, queued: 0, recentlyClosed: 1, newSinceLastCheck: 1});
	assert.equal(isListenerActive(after), true);
	assert.equal((await measure(held, after.seen)).newSinceLastCheck, 0);
});

test('unix: a request that came and went between two checks leaves no trace in /proc/net/unix', {skip}, async t => {
	const held = await holdListener(t, 'unix');
	await held.serve();
	const before = await measure(held);
	await requestOnce(held);
	assert.deepEqual(counts(await measure(held, before.seen)), {isFound: true, open: 0, queued: 0, recentlyClosed: 0, newSinceLastCheck: 0});
});

test('a closed listener, or an fd that is no socket, is not found', {skip}, async () => {
	const file = openSync(join(makeTempDir(), 'plain'), 'w');
	assert.equal(await findSocketInode(file), undefined);
	closeSync(file);
	assert.equal(await findSocketInode(99_999), undefined);
	assert.deepEqual(counts(measureListenerActivity(await readSocketTables(), 1)), {isFound: false, open: 0, queued: 0, recentlyClosed: 0, newSinceLastCheck: 0});
});

for (const kind of ['unix', 'tcp'] as const) {
	test(`${kind}: a connection watch on the held socket fires for some served requests and for none while idle`, {skip}, async t => {
		assert.ok(load.ok);
		const held = await holdListener(t, kind);
		await held.serve();
		const idle = armConnectionWatch(load.native, held.fd);
		await measure(held);
		assert.equal(idle.hasFired(), false);
		idle.disarm();
		let fired = 0;
		const requests = 40;
		for (let index = 0; index < requests; index++) {
			const watch = armConnectionWatch(load.native, held.fd);
			await requestOnce(held);
			await new Promise(resolve => setImmediate(resolve));
			if (watch.hasFired()) fired++;
			watch.disarm();
		}
		t.diagnostic(`${kind}: the watch fired for ${fired} of ${requests} requests the server accepted`);
		assert.ok(fired > 0 && fired <= requests);
	});
}
