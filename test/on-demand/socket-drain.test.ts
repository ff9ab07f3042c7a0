import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {connect} from 'node:net';
import {join} from 'node:path';
import {test} from 'node:test';
import {loadOnDemandNative} from '../../src/on-demand/native-socket.js';
import {openOnDemandSocket} from '../../src/on-demand/on-demand-socket.js';
import {drainSocket} from '../../src/on-demand/socket-drain.js';
import {makeTempDir} from '../helpers/temp-dir.js';

const loaded = loadOnDemandNative();
if (!loaded.ok) throw new Error(loaded.reason);
const root = makeTempDir('emperor-socket-drain-');
const openAt = (name: string) => {
	const path = join(root, name);
	return {path, socket: openOnDemandSocket({name: path, address: {kind: 'unix', path}, mode: 0o666, backlog: 8, isOnDemand: false}, loaded.native)};
};

test('a socket with no pending connection is drained: done is called and the emperor\'s copy closed', async () => {
	const {path, socket} = openAt('quiet.sock');
	await new Promise<void>(resolve => drainSocket(socket, resolve, 20, 5000));
	await assert.rejects(new Promise((resolve, reject) => connect(path).on('connect', resolve).on('error', reject)), /ECONNREFUSED|ENOENT/);
});

test('a pending connection holds the drain until the old generation has taken it', async () => {
	const {path, socket} = openAt('pending.sock');
	const events: string[] = [];
	const client = connect(path);
	client.on('error', () => {});
	await new Promise(resolve => client.on('connect', resolve));
	const drained = new Promise<void>(resolve => drainSocket(socket, () => {
		events.push('drained');
		resolve();
	}, 100, 10_000));
	// the old generation: it starts only now, takes the pending connection and says so
	const child = spawn(process.execPath, ['-e', "require('net').createServer(s => { console.log('accepted'); s.end(); }).listen({fd: 3})"], {stdio: ['ignore', 'pipe', 'inherit', socket.fd]});
	child.stdout!.on('data', () => events.push('accepted'));
	await drained;
	child.kill('SIGKILL');
	client.destroy();
	assert.deepEqual(events.slice(0, 2), ['accepted', 'drained']);
});

test('a drain that is ended at once calls done once', () => {
	const {socket} = openAt('ended.sock');
	let calls = 0;
	const end = drainSocket(socket, () => calls++, 20, 5000);
	end();
	end();
	assert.equal(calls, 1);
});
