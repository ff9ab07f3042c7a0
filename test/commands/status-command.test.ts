import assert from 'node:assert/strict';
import {chownSync, lstatSync, mkdirSync, realpathSync, rmSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {test} from 'node:test';
import {startFakeEmperor} from '../helpers/fake-emperor.js';
import {waitForHttp} from '../helpers/http.js';
import {getFreePort} from '../helpers/ports.js';
import {runCli} from '../helpers/run-cli.js';
import {makeStaleSocket} from '../helpers/stale-socket.js';
import {makeTempDir} from '../helpers/temp-dir.js';
import {ensureUser, isRoot} from '../helpers/users.js';
import {copyExamples, makeApiVassalIni} from '../helpers/uwsgi-vassal.js';

// the emperors and their clients run unprivileged, as a user in a login session does: as root the test runs them
// as a user of their own; each test gives them a fresh XDG_RUNTIME_DIR (0700, theirs)
const user = isRoot ? ensureUser('emperor-status') : {uid: process.getuid!(), gid: process.getgid!()};

const makeSession = () => {
	const runtime = makeTempDir('emperor-xdg-');
	chownSync(runtime, user.uid, user.gid);
	const env = {XDG_RUNTIME_DIR: runtime, NOTIFY_SOCKET: undefined, RUNTIME_DIRECTORY: undefined};
	return {runtime, env, cli: (args: string[]) => runCli(args, {...user, env})};
};

// a vassals dir of the test user's own, its files readable by it
const makeVassalsDir = () => {
	const directory = makeTempDir('emperor-status-vassals-');
	chownSync(directory, user.uid, user.gid);
	return directory;
};

test('without --control an unprivileged emperor opens a socket in $XDG_RUNTIME_DIR/emperor, and status, reload and stop find it with no flags', {timeout: 60_000}, async t => {
	const session = makeSession();
	const vassalsDir = makeVassalsDir();
	copyExamples(vassalsDir, 'api');
	const port = await getFreePort();
	writeFileSync(join(vassalsDir, 'api.ini'), makeApiVassalIni({httpSocket: `127.0.0.1:${port}`}));
	// a dead emperor's socket is passed over
	mkdirSync(join(session.runtime, 'emperor'), {mode: 0o700});
	const stale = join(session.runtime, 'emperor', 'gone-000000000000.control');
	makeStaleSocket(stale);
	for (const path of [dirname(stale), stale]) chownSync(path, user.uid, user.gid);

	const emperor = startFakeEmperor(t, {vassalsDir, flags: {'--binary-path': 'uwsgi'}, env: session.env, user});
	const endpoint = await emperor.waitForLog({event: 'emperor-endpoint', endpoint: 'control'});
	const path = String(endpoint.address);
	assert.match(path, new RegExp(`^${session.runtime}/emperor/emperor-status-vassals-\\w+-[0-9a-f]{12}\\.control$`));
	assert.equal(lstatSync(path).mode & 0o777, 0o600);
	assert.equal(lstatSync(dirname(path)).mode & 0o777, 0o700);
	assert.equal(lstatSync(path).uid, user.uid);
	await waitForHttp({port}, {timeoutMs: 30_000});
	await emperor.waitForLog({event: 'vassal-accepting', vassal: 'api.ini'});

	const status = await session.cli(['status']);
	assert.equal(status.code, 0, status.stderr);
	const lines = status.stdout.split('\n');
	assert.equal(lines[0], `emperor ${emperor.pid} governing ${realpathSync(vassalsDir)}: 1 vassal, 1 running`);
	assert.match(lines[2]!, /^VASSAL +STATE +PID +UPTIME +MEM +CPU +RESPAWNS +LAST EXIT +READINESS$/);
	assert.match(lines[3]!, /^api\.ini +running +\d+ +\S+ +[\d.]+[KMG] +[\d.]+s +0 +- +(accepting|served)$/);
	const json = JSON.parse((await session.cli(['status', '--json'])).stdout) as {pid: number};
	assert.equal(json.pid, emperor.pid);

	assert.equal((await session.cli(['reload', 'api.ini'])).code, 0);
	await emperor.waitForLog({event: 'vassal-reloading', vassal: 'api.ini', reason: 'operator'});
	const stop = await session.cli(['stop', 'api.ini']);
	assert.equal(stop.code, 0, stop.stderr);
	await emperor.waitForLog({event: 'vassal-exited', vassal: 'api.ini', reason: 'operator'});

	assert.equal((await emperor.stop('SIGTERM')).code, 0);
	assert.throws(() => lstatSync(path), /ENOENT/, 'the emperor removes its socket when it is buried');
	const none = await session.cli(['status']);
	assert.equal(none.code, 1);
	assert.match(none.stderr, new RegExp(`^emperor status: no emperor is running for this user \\(looked in .*${session.runtime}/emperor/`));
});

test('with two emperors status lists both with their directories and says how to pick one; --vassals and --control pick', {timeout: 60_000}, async t => {
	const session = makeSession();
	const [first, second] = [makeVassalsDir(), makeVassalsDir()];
	const one = startFakeEmperor(t, {vassalsDir: first, vassals: {'a.ini': {send: [1, 5]}}, env: session.env, user});
	const two = startFakeEmperor(t, {vassalsDir: second, vassals: {'b.ini': {send: [1, 5]}}, env: session.env, user});
	const paths = await Promise.all([one, two].map(async emperor => String((await emperor.waitForLog({event: 'emperor-endpoint', endpoint: 'control'})).address)));
	assert.notEqual(paths[0], paths[1]);
	await one.waitForLog({event: 'vassal-accepting', vassal: 'a.ini'});
	await two.waitForLog({event: 'vassal-accepting', vassal: 'b.ini'});

	const ambiguous = await session.cli(['status']);
	assert.equal(ambiguous.code, 1);
	assert.equal(ambiguous.stdout, '');
	assert.match(ambiguous.stderr, /^emperor status: 2 emperors are running; pick one with --vassals DIR or --control PATH:\n/);
	for (const [index, emperor] of [one, two].entries()) {
		assert.match(ambiguous.stderr, new RegExp(`^ {2}${realpathSync([first, second][index]!)} +pid ${emperor.pid} +--control ${paths[index]}$`, 'm'));
	}
	const stop = await session.cli(['stop', 'b.ini']);
	assert.equal(stop.code, 1);
	assert.match(stop.stderr, /^emperor stop: 2 emperors are running; pick one/);

	const bySecond = await session.cli(['status', '--vassals', second]);
	assert.equal(bySecond.code, 0, bySecond.stderr);
	assert.match(bySecond.stdout, new RegExp(`^emperor ${two.pid} governing `));
	assert.match(bySecond.stdout, /^b\.ini +running/m);
	const byFirst = await session.cli(['status', `--control=${paths[0]}`]);
	assert.match(byFirst.stdout, /^a\.ini +running/m);
	assert.doesNotMatch(byFirst.stdout, /b\.ini/);

	assert.equal((await session.cli(['stop', 'b.ini', '--emperor', second])).code, 0);
	await two.waitForLog({event: 'vassal-exited', vassal: 'b.ini', reason: 'operator'});
	const elsewhere = await session.cli(['status', '--vassals', makeTempDir('emperor-none-')]);
	assert.equal(elsewhere.code, 1);
	assert.match(elsewhere.stderr, /no emperor governing \S+ answers; running:\n/);
});

test('a second emperor on the same directory leaves the first one\'s control socket alone', {timeout: 30_000}, async t => {
	const session = makeSession();
	const vassalsDir = makeVassalsDir();
	const first = startFakeEmperor(t, {vassalsDir, vassals: {'a.ini': {send: [1, 5]}}, env: session.env, user});
	const path = String((await first.waitForLog({event: 'emperor-endpoint', endpoint: 'control'})).address);
	const second = startFakeEmperor(t, {vassalsDir, env: session.env, user});
	const failed = await second.waitForLog({event: 'emperor-endpoint-failed', endpoint: 'control'});
	assert.match(String(failed.msg), new RegExp(`another emperor already listens on ${path}`));
	const status = await session.cli(['status', '--control', path]);
	assert.match(status.stdout, new RegExp(`^emperor ${first.pid} `));
});

test('an $XDG_RUNTIME_DIR the emperor cannot use (another user\'s, kept by su) falls back to a private /tmp/emperor-UID, where status finds it', {timeout: 30_000, skip: !isRoot && 'needs root to make a directory of another user'}, async t => {
	const foreign = makeTempDir('emperor-xdg-foreign-');
	const fallback = `/tmp/emperor-${user.uid}`;
	t.after(() => rmSync(fallback, {recursive: true, force: true}));
	const env = {XDG_RUNTIME_DIR: foreign, NOTIFY_SOCKET: undefined, RUNTIME_DIRECTORY: undefined};
	const emperor = startFakeEmperor(t, {vassalsDir: makeVassalsDir(), vassals: {'a.ini': {send: [1, 5]}}, env, user});
	const path = String((await emperor.waitForLog({event: 'emperor-endpoint', endpoint: 'control'})).address);
	assert.equal(dirname(path), fallback);
	assert.equal(lstatSync(fallback).mode & 0o777, 0o700);
	await emperor.waitForLog({event: 'vassal-accepting', vassal: 'a.ini'});
	const status = await runCli(['status'], {...user, env});
	assert.equal(status.code, 0, status.stderr);
	assert.match(status.stdout, /^a\.ini +running/m);
});
