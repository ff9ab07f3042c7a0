import assert from 'node:assert/strict';
import {spawn, type ChildProcess} from 'node:child_process';
import {once} from 'node:events';
import net from 'node:net';
import {join} from 'node:path';
import {createInterface} from 'node:readline';
import type {TestContext} from 'node:test';
import {makeTempDir} from './temp-dir.js';
import {loadOnDemandNative} from '../../src/on-demand/native-socket.js';
import {findSocketInode, readSocketTables} from '../../src/launch/socket-activity.js';

export const nativeLoad = loadOnDemandNative();

// a Node server serving the held socket as fd 3, as a vassal does; it answers each byte with "x", closes when it reads "q", and says when a connection is closed
const SERVER = "require('net').createServer(c=>{c.on('data',d=>{c.write('x'); if(String(d).includes('q')) c.end()}); c.on('close',()=>process.stdout.write('closed\\n'))}).listen({fd:3},()=>process.stdout.write('listening\\n'))";

export type Held = {fd: number; inode: number; connect: () => net.Socket; serve: () => Promise<ChildProcess>; serverClosed?: () => Promise<void>};

// holds a listening socket as the emperor does, through the native addon (bound and listening, fd not watched by this process)
export const holdListener = async (t: TestContext, kind: 'unix' | 'tcp'): Promise<Held> => {
	assert.ok(nativeLoad.ok, 'the native addon is built');
	const {native} = nativeLoad;
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
export const openServed = async (held: Held): Promise<net.Socket> => {
	const socket = held.connect();
	await once(socket, 'connect');
	socket.write('k');
	await once(socket, 'data');
	return socket;
};
// a whole request: connect, answered, closed by the server
export const requestOnce = async (held: Held) => {
	const socket = await openServed(held);
	const isServerClosed = held.serverClosed?.();
	socket.write('q');
	await Promise.all([once(socket, 'close'), isServerClosed]);
};
