import assert from 'node:assert/strict';
import {once} from 'node:events';
import {closeSync, openSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {holdListener, nativeLoad, openServed, requestOnce, type Held} from '../helpers/held-listener.js';
import {makeTempDir} from '../helpers/temp-dir.js';
import {findSocketInode, isListenerActive, measureListenerActivity, readSocketTables, type ListenerActivity} from '../../src/launch/socket-activity.js';

const skip = !nativeLoad.ok && 'the native addon is not built';

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

