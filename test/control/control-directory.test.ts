import assert from 'node:assert/strict';
import {chmodSync, existsSync, lstatSync, mkdirSync, symlinkSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:net';
import {join} from 'node:path';
import {test} from 'node:test';
import {checkControlDirectory, prepareControlDirectory, removeStaleSockets} from '../../src/control/control-directory.js';
import {makeStaleSocket} from '../helpers/stale-socket.js';
import {makeTempDir} from '../helpers/temp-dir.js';

const uid = process.getuid!();

test('a missing private control directory is created with mode 0700, an existing one is used as it is', async () => {
	const path = join(makeTempDir('emperor-ctl-'), 'emperor');
	await prepareControlDirectory({path, mode: 0o700}, uid);
	assert.equal(lstatSync(path).mode & 0o777, 0o700);
	await prepareControlDirectory({path, mode: 0o700}, uid);
});

test('a symbolic link, a file or a directory open to others is refused, saying why', async () => {
	const base = makeTempDir('emperor-ctl-');
	const real = join(base, 'real');
	mkdirSync(real, {mode: 0o700});
	symlinkSync(real, join(base, 'link'));
	await assert.rejects(prepareControlDirectory({path: join(base, 'link'), mode: 0o700}, uid), /link is a symbolic link: refusing to put the control socket there/);
	writeFileSync(join(base, 'file'), '');
	await assert.rejects(prepareControlDirectory({path: join(base, 'file'), mode: 0o700}, uid), /file is not a directory/);
	const open = join(base, 'open');
	mkdirSync(open);
	chmodSync(open, 0o755);
	await assert.rejects(prepareControlDirectory({path: open, mode: 0o700}, uid), /open has mode 755; expected 700/);
	await prepareControlDirectory({path: open, mode: 0o755}, uid);
	chmodSync(open, 0o775);
	await assert.rejects(prepareControlDirectory({path: open, mode: 0o755}, uid), /mode 775/);
});

test('a directory of another user is refused', () => {
	const stats = {isSymbolicLink: () => false, isDirectory: () => true, uid: 1001, mode: 0o40700};
	assert.match(checkControlDirectory(stats, {path: '/tmp/emperor-1000', mode: 0o700}, 1000) ?? '', /belongs to uid 1001, not to this emperor's uid 1000/);
	assert.equal(checkControlDirectory({...stats, uid: 1000}, {path: '/tmp/emperor-1000', mode: 0o700}, 1000), undefined);
});

test('sockets nobody listens on are swept once they are old enough; live ones and other files stay', async t => {
	const directory = makeTempDir('emperor-ctl-');
	const stale = join(directory, 'dead-000000000000.control');
	const fresh = join(directory, 'young-000000000000.control');
	const live = join(directory, 'live-000000000000.control');
	const other = join(directory, 'notes.control');
	makeStaleSocket(stale);
	writeFileSync(other, '');
	const server = createServer();
	await new Promise<void>(resolve => server.listen(live, resolve));
	t.after(() => server.close());
	assert.ok(lstatSync(stale).isSocket());
	assert.deepEqual(await removeStaleSockets(directory, uid), [], 'every socket is younger than 10 s');
	makeStaleSocket(fresh);
	assert.deepEqual((await removeStaleSockets(directory, uid, Date.now() + 60_000)).sort(), [stale, fresh]);
	assert.ok(existsSync(live) && existsSync(other));
	assert.deepEqual(await removeStaleSockets(join(directory, 'missing'), uid), []);
});
