import assert from 'node:assert/strict';
import {once} from 'node:events';
import {existsSync, renameSync, statSync} from 'node:fs';
import {connect} from 'node:net';
import {join} from 'node:path';
import {test} from 'node:test';
import type {ListenPlan} from '../../src/on-demand/listen-plan.js';
import {loadOnDemandNative} from '../../src/on-demand/native-socket.js';
import {openOnDemandSocket} from '../../src/on-demand/on-demand-socket.js';
import {makeSocketHolder} from '../../src/on-demand/socket-holder.js';
import {makeTempDir} from '../helpers/temp-dir.js';

const loaded = loadOnDemandNative();
if (!loaded.ok) throw new Error(loaded.reason);
const {native} = loaded;
const root = makeTempDir('emperor-on-demand-socket-');
let count = 0;
const unixPlan = (overrides: Partial<ListenPlan> = {}): ListenPlan => {
	const path = join(root, `s${count++}.sock`);
	return {name: path, address: {kind: 'unix', path}, mode: 0o666, backlog: 8, isOnDemand: true, ...overrides};
};
const pathOf = (plan: ListenPlan) => (plan.address.kind === 'unix' ? plan.address.path : '');

// opens a connection and waits until the emperor's socket says it is pending
const demandOnce = async (watch: (onDemand: () => void) => void, path: string) => {
	const demanded = new Promise<void>(resolve => watch(resolve));
	const client = connect(path);
	client.on('error', () => {});
	await demanded;
	client.destroy();
};

test('a socket is watched once per watch call; close removes its file', async () => {
	const plan = unixPlan();
	const socket = openOnDemandSocket(plan, native);
	let demands = 0;
	await demandOnce(onDemand => socket.watch(() => {
		demands++;
		onDemand();
	}), pathOf(plan));
	await demandOnce(onDemand => socket.watch(onDemand), pathOf(plan));
	assert.equal(demands, 1);
	socket.close();
	socket.close();
	assert.equal(existsSync(pathOf(plan)), false);
});

test('close leaves a path that another socket took over since', () => {
	const plan = unixPlan();
	const socket = openOnDemandSocket(plan, native);
	const other = openOnDemandSocket({...plan, name: `${plan.name}.other`, address: {kind: 'unix', path: `${pathOf(plan)}.other`}}, native);
	renameSync(`${pathOf(plan)}.other`, pathOf(plan));
	socket.close();
	assert.ok(statSync(pathOf(plan)).isSocket(), 'the newer socket file was removed');
	other.close();
});

test('chown-socket gives the socket file its owner', {skip: process.getuid?.() !== 0 && 'needs root'}, () => {
	const plan = unixPlan({owner: {uid: 65534, gid: 65534}, mode: 0o600});
	const socket = openOnDemandSocket(plan, native);
	const stats = statSync(pathOf(plan));
	assert.deepEqual([stats.uid, stats.gid, stats.mode & 0o777], [65534, 65534, 0o600]);
	socket.close();
});

test('a holder keeps a socket whose settings did not change and rebinds one whose settings did', () => {
	const holder = makeSocketHolder();
	const plan = unixPlan();
	assert.equal(holder.listen(plan), undefined);
	const fd = holder.fd();
	const inode = statSync(pathOf(plan)).ino;
	assert.equal(holder.listen({...plan}), undefined);
	assert.equal(holder.fd(), fd);
	assert.equal(statSync(pathOf(plan)).ino, inode, 'an unchanged socket was bound again');
	assert.equal(holder.listen({...plan, mode: 0o600}), undefined);
	assert.equal(statSync(pathOf(plan)).mode & 0o777, 0o600);
	holder.close();
	assert.equal(holder.fd(), undefined);
});

test('a holder reports why it cannot listen: no plan, a bind error, or no addon', () => {
	assert.equal(makeSocketHolder().listen(undefined), 'no on-demand socket is configured');
	assert.match(makeSocketHolder().listen(unixPlan({address: {kind: 'unix', path: join(root, 'missing', 'a.sock')}})) ?? '', /^bind .*: No such file or directory$/);
	assert.equal(makeSocketHolder(() => ({ok: false, reason: 'not built'})).listen(unixPlan()), 'not built');
});

test('a holder watches while the vassal is dormant and stops watching when it wakes', async () => {
	const holder = makeSocketHolder();
	const plan = unixPlan();
	holder.listen(plan);
	let demands = 0;
	holder.sync(true, () => demands++);
	holder.sync(false, () => demands++);
	const client = connect(pathOf(plan));
	await once(client, 'connect');
	await demandOnce(onDemand => holder.sync(true, onDemand), pathOf(plan));
	assert.equal(demands, 0);
	client.destroy();
	holder.close();
});
