import assert from 'node:assert/strict';
import {spawn, type ChildProcess} from 'node:child_process';
import {once} from 'node:events';
import {existsSync} from 'node:fs';
import {connect} from 'node:net';
import {join} from 'node:path';
import {after, test} from 'node:test';
import type {ListenPlan} from '../../src/on-demand/listen-plan.js';
import {successorPathOf} from '../../src/on-demand/on-demand-socket.js';
import {makeSocketHolder} from '../../src/on-demand/socket-holder.js';
import {makeTempDir} from '../helpers/temp-dir.js';

const root = makeTempDir('emperor-socket-holder-');
let count = 0;
const unixPlan = (): ListenPlan => {
	const path = join(root, `s${count++}.sock`);
	return {name: path, address: {kind: 'unix', path}, mode: 0o666, backlog: 8, isOnDemand: false};
};
const pathOf = (plan: ListenPlan) => (plan.address.kind === 'unix' ? plan.address.path : '');

// a generation: a process serving its name on the socket it got as fd 3
const children: ChildProcess[] = [];
after(() => {
	for (const child of children) child.kill('SIGKILL');
});
const serveOn = async (fd: number, name: string) => {
	const child = spawn(process.execPath, ['-e', `require('net').createServer(s => s.end(${JSON.stringify(name)})).listen({fd: 3}, () => console.log('up'))`], {stdio: ['ignore', 'pipe', 'inherit', fd]});
	children.push(child);
	await once(child.stdout!, 'data');
	return child;
};
const whoAnswers = (path: string) => new Promise<string>((resolve, reject) => {
	let text = '';
	connect(path).on('data', chunk => (text += String(chunk))).on('end', () => resolve(text)).on('error', reject);
});

test('a new generation gets a socket of its own beside the path; once promoted it takes the path, and the old one is drained first', async () => {
	const plan = unixPlan();
	const holder = makeSocketHolder();
	assert.equal(holder.listen(plan), undefined);
	await serveOn(holder.fd()!, 'old');
	const fd = holder.prepareSuccessor(2);
	assert.notEqual(fd, undefined);
	assert.notEqual(fd, holder.fd());
	assert.equal(existsSync(successorPathOf(pathOf(plan))!), true);
	await serveOn(fd!, 'new');
	assert.equal(await whoAnswers(pathOf(plan)), 'old', 'before the promotion the path is the serving generation\'s');
	holder.promoteSuccessor(2);
	let isDrained = false;
	const drained = new Promise<void>(resolve => holder.whenDrained(() => {
		isDrained = true;
		resolve();
	}));
	assert.equal(isDrained, false, 'the old socket is drained before the old generation may be stopped');
	assert.equal(await whoAnswers(pathOf(plan)), 'new');
	assert.equal(holder.fd(), fd);
	assert.equal(existsSync(successorPathOf(pathOf(plan))!), false);
	await drained;
	let isCalledAtOnce = false;
	holder.whenDrained(() => (isCalledAtOnce = true));
	assert.equal(isCalledAtOnce, true, 'with no drain under way the callback runs at once');
	holder.close();
	assert.equal(existsSync(pathOf(plan)), false, 'closing the holder removes the path, now the new socket\'s');
});

test('a new generation that dies before it serves takes its side socket with it; the held socket stays', async () => {
	const plan = unixPlan();
	const holder = makeSocketHolder();
	holder.listen(plan);
	const held = holder.fd();
	holder.prepareSuccessor(2);
	holder.dropSuccessor(3);
	assert.equal(existsSync(successorPathOf(pathOf(plan))!), true, 'another generation\'s drop leaves it');
	holder.dropSuccessor(2);
	assert.equal(existsSync(successorPathOf(pathOf(plan))!), false);
	holder.promoteSuccessor(2);
	assert.equal(holder.fd(), held);
	assert.equal(existsSync(pathOf(plan)), true);
	holder.close();
});

test('a TCP socket is shared by the generations: no socket of its own', () => {
	const holder = makeSocketHolder();
	assert.equal(holder.listen({name: '127.0.0.1:0', address: {kind: 'tcp', host: '127.0.0.1', port: 0}, mode: 0o666, backlog: 8, isOnDemand: false}), undefined);
	assert.equal(holder.prepareSuccessor(2), undefined);
	holder.close();
});

test('a side path that would not fit in a unix socket address is not used', () => {
	assert.equal(successorPathOf(`/${'d'.repeat(95)}/app.sock`), undefined);
	assert.equal(successorPathOf('/run/app/app.sock'), '/run/app/.app.sock.next');
});

test('closing the holder during a drain ends it: what waited for it runs', () => {
	const plan = unixPlan();
	const holder = makeSocketHolder();
	holder.listen(plan);
	holder.prepareSuccessor(2);
	holder.promoteSuccessor(2);
	let isRun = false;
	holder.whenDrained(() => (isRun = true));
	assert.equal(isRun, false);
	holder.close();
	assert.equal(isRun, true);
});
