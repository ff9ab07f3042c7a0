import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {chmodSync, readFileSync, realpathSync, writeFileSync} from 'node:fs';
import {connect} from 'node:net';
import {join} from 'node:path';
import type {Readable, Writable} from 'node:stream';
import {test} from 'node:test';
import {loadOnDemandNative} from '../../src/on-demand/native-socket.js';
import {encodeStdioEntry, loadSpawnNative, spawnNative, type NativeSpawnOptions, type VassalProcess} from '../../src/vassal/native-spawn.js';
import {makeTempDir} from '../helpers/temp-dir.js';

if (loadSpawnNative() === undefined) throw new Error('the native addon has no spawn: build it with npm run build:native');
const root = realpathSync(makeTempDir('emperor-native-spawn-'));
const env = {PATH: process.env.PATH, FOO: 'bar baz'};
const options: NativeSpawnOptions = {cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'], detached: true};

const start = (file: string, args: readonly string[], more: Partial<NativeSpawnOptions> = {}): VassalProcess => {
	const child = spawnNative(file, args, {...options, ...more});
	assert.ok(child !== undefined, 'the addon spawns');
	return child;
};

const readAll = async (stream: Readable | Writable | null | undefined): Promise<string> => {
	let text = '';
	for await (const chunk of stream as Readable) text += String(chunk);
	return text;
};

const exitOf = async (child: VassalProcess) => (await once(child as never, 'exit')) as [number | null, NodeJS.Signals | null];

test('a child that exits 7 reports code 7 and no signal, after spawn', async () => {
	const child = start('/bin/sh', ['-c', 'exit 7']);
	assert.equal(typeof child.pid, 'number');
	const events: string[] = [];
	child.once('spawn', () => events.push('spawn'));
	assert.deepEqual(await exitOf(child), [7, null]);
	assert.deepEqual(events, ['spawn']);
});

test('a child killed by a signal reports it by name, and kill after the exit is false', async () => {
	const child = start('sleep', ['30']);
	await once(child as never, 'spawn');
	const exited = exitOf(child);
	assert.equal(child.kill('SIGKILL'), true);
	assert.deepEqual(await exited, [null, 'SIGKILL']);
	assert.equal(child.kill('SIGTERM'), false);
	const self = start('/bin/sh', ['-c', 'kill -TERM $$']);
	assert.deepEqual(await exitOf(self), [null, 'SIGTERM']);
});

test('a missing binary is an ENOENT error with no pid, by path and by PATH search', async () => {
	for (const file of ['/nonexistent/uwsgi', 'no-such-binary-for-emperor']) {
		const child = start(file, []);
		assert.equal(child.pid, undefined);
		const [error] = (await once(child as never, 'error')) as [NodeJS.ErrnoException];
		assert.equal(error.code, 'ENOENT');
		assert.equal(error.message, `spawn ${file} ENOENT`);
	}
});

test('a binary that is not executable is an EACCES error', async () => {
	const file = join(root, 'not-executable');
	writeFileSync(file, '#!/bin/sh\nexit 0\n');
	chmodSync(file, 0o644);
	const [error] = (await once(start(file, []) as never, 'error')) as [NodeJS.ErrnoException];
	assert.equal(error.code, 'EACCES');
});

test('the channel at fd 3 and the config at fd 4 reach the child as socketpairs', async () => {
	const child = start('/bin/sh', ['-c', 'read line <&4; echo "got $line" >&3'], {stdio: ['ignore', 'inherit', 'inherit', 'pipe', 'pipe']});
	const exited = exitOf(child);
	const [channel, config] = [child.stdio[3] as Readable & Writable, child.stdio[4] as Writable];
	config.write('config text\n');
	assert.equal(await readAll(channel), 'got config text\n');
	assert.deepEqual(await exited, [0, null]);
});

test('stdout and stderr as pipes give readable streams', async () => {
	const child = start('/bin/sh', ['-c', 'echo out; echo err >&2'], {stdio: ['ignore', 'pipe', 'pipe']});
	assert.equal(child.stdin, null);
	const [out, err] = await Promise.all([readAll(child.stdout), readAll(child.stderr)]);
	assert.deepEqual([out, err], ['out\n', 'err\n']);
});

test('a listening socket given as stdin is the child\'s fd 0, as an on-demand vassal gets it', async () => {
	const loaded = loadOnDemandNative();
	assert.ok(loaded.ok);
	const path = join(root, 'demand.sock');
	const fd = loaded.native.listenUnix(path, 0o600, 8);
	const accept = 'import socket; s = socket.socket(fileno=0); c, _ = s.accept(); c.sendall(b"accepted on fd 0"); c.close()';
	const child = start('python3', ['-c', accept], {stdio: [fd, 'inherit', 'inherit']});
	const exited = exitOf(child);
	loaded.native.closeFd(fd);
	assert.equal(await readAll(connect(path)), 'accepted on fd 0');
	assert.deepEqual(await exited, [0, null]);
});

// the session id: field 6 of /proc/PID/stat, after the command name in parentheses
const readSession = (pid: number): number => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[3]);

test('detached gives the child a session of its own; not detached, the emperor\'s', async () => {
	for (const detached of [true, false]) {
		const child = start('sleep', ['30'], {detached});
		await once(child as never, 'spawn');
		assert.equal(readSession(child.pid!), detached ? child.pid : readSession(process.pid));
		const exited = exitOf(child);
		child.kill('SIGKILL');
		await exited;
	}
});

test('the child runs in cwd with the environment given, every time the same object is passed', async () => {
	for (let round = 0; round < 2; round++) {
		const child = start('/bin/sh', ['-c', 'pwd; echo "$FOO"; env | wc -l']);
		assert.equal(await readAll(child.stdout), `${root}\nbar baz\n3\n`);
	}
});

test('an ignored stdin is /dev/null opened read-only, as libuv opens it (a /dev/null closed to writes spawns too)', async () => {
	const child = start('/bin/sh', ['-c', 'readlink /proc/self/fd/0; grep ^flags /proc/self/fdinfo/0'], {stdio: ['ignore', 'pipe', 'inherit']});
	const [path, flags] = (await readAll(child.stdout)).trim().split('\n');
	assert.equal(path, '/dev/null');
	assert.equal(Number.parseInt(flags!.split(/\s+/)[1]!, 8) & 0o3, 0, `not O_RDONLY: ${flags}`);
});

test('the child starts with no signal ignored or blocked (Node ignores SIGPIPE)', async () => {
	const status = await readAll(start('cat', ['/proc/self/status']).stdout);
	assert.match(status, /^SigBlk:\s+0+$/m);
	assert.match(status, /^SigIgn:\s+0+$/m);
});

test('exits of native children and of child_process children are each reported to their own', async () => {
	const natives = Array.from({length: 5}, (_, index) => start('/bin/sh', ['-c', `exit ${index}`]));
	const others = Array.from({length: 5}, (_, index) => spawn('/bin/sh', ['-c', `exit ${index + 10}`]));
	const codes = await Promise.all([...natives.map(async child => (await exitOf(child))[0]), ...others.map(async child => (await once(child, 'exit'))[0])]);
	assert.deepEqual(codes, [0, 1, 2, 3, 4, 10, 11, 12, 13, 14]);
});

test('stdio entries: a fd, a stream by its fd, inherit as the same slot; ipc is left to child_process', () => {
	assert.equal(encodeStdioEntry('inherit', 2), 2);
	assert.equal(encodeStdioEntry(9, 0), 9);
	assert.equal(encodeStdioEntry({fd: 12} as never, 1), 12);
	assert.equal(encodeStdioEntry({_handle: {fd: 13}} as never, 1), 13);
	assert.equal(encodeStdioEntry('ipc', 3), undefined);
	assert.equal(spawnNative('/bin/true', [], {...options, stdio: ['ignore', 'ipc']}), undefined);
});

test('through the exec shim a vassal gets fds 0-2 blocking, as libuv leaves them, though the emperor hands over a non-blocking socket', {timeout: 15_000}, async () => {
	const {findVassalExec} = await import('../../src/vassal/vassal-exec.js');
	const shim = findVassalExec();
	assert.ok(shim !== undefined, 'the exec shim is built');
	const {createServer} = await import('node:net');
	const path = join(root, 'stdout.sock');
	const server = createServer();
	server.listen(path);
	await once(server, 'listening');
	const accepted = once(server, 'connection');
	const client = connect(path);
	await once(client, 'connect');
	const [peer] = (await accepted) as [import('node:net').Socket];
	const fd = (client as unknown as {_handle: {fd: number}})._handle.fd;
	const probe = 'import fcntl, os; print(fcntl.fcntl(1, fcntl.F_GETFL) & os.O_NONBLOCK, flush=True)';
	const child = start(shim, [String(process.pid), 'python3', '-c', probe], {stdio: ['ignore', fd, 'inherit']});
	const text = readAll(peer);
	assert.deepEqual(await exitOf(child), [0, null]);
	client.destroy();
	assert.equal((await text).trim(), '0');
	server.close();
});
