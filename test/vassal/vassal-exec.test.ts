import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {chmodSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {buildShimArgs, findExecProblem, findVassalExec, VASSAL_EXEC_PATH} from '../../src/vassal/vassal-exec.js';
import {wrapInShim} from '../../src/vassal/spawn-vassal.js';
import {makeTempDir} from '../helpers/temp-dir.js';

const built = findVassalExec() === undefined ? 'native/vassal-exec was not built (no C compiler)' : false;

test('the shim is given the emperor pid, then the command as the vassal must see it', () => {
	assert.deepEqual(buildShimArgs(42, 'uwsgi', ['--ini', 'a.ini']), ['42', 'uwsgi', '--ini', 'a.ini']);
	assert.deepEqual(wrapInShim({file: 'uwsgi', args: ['--ini', 'a.ini'], uid: 33, gid: 34}, '/x/vassal-exec', 7), {file: '/x/vassal-exec', args: ['7', 'uwsgi', '--ini', 'a.ini'], uid: 33, gid: 34});
	assert.deepEqual(wrapInShim({file: 'uwsgi', args: ['--ini', 'a.ini']}, undefined, 7), {file: 'uwsgi', args: ['--ini', 'a.ini']});
});

test('a vassal with a cgroup of its own gives the shim the cgroup.procs to join, before the pid; after setpriv too', () => {
	const procs = '/sys/fs/cgroup/emperor.service/vassal-a.ini/run-1/cgroup.procs';
	assert.deepEqual(buildShimArgs(42, 'uwsgi', ['--ini', 'a.ini'], procs), ['--cgroup', procs, '42', 'uwsgi', '--ini', 'a.ini']);
	assert.deepEqual(wrapInShim({file: 'setpriv', args: ['--reuid', '33', '--', 'uwsgi']}, '/x/vassal-exec', 7, procs), {
		file: 'setpriv', args: ['--reuid', '33', '--', '/x/vassal-exec', '--cgroup', procs, '7', 'uwsgi'],
	});
});

test('with setpriv the shim runs after it, so that the change of credentials does not clear the death signal', () => {
	const command = {file: 'setpriv', args: ['--reuid', '33', '--regid', '34', '--init-groups', '--', 'uwsgi', '--ini', 'a.ini']};
	assert.deepEqual(wrapInShim(command, '/x/vassal-exec', 7), {
		file: 'setpriv', args: ['--reuid', '33', '--regid', '34', '--init-groups', '--', '/x/vassal-exec', '7', 'uwsgi', '--ini', 'a.ini'],
	});
});

test('a binary that cannot be executed is found before the spawn: ENOENT, EACCES', () => {
	const dir = makeTempDir('emperor-exec-');
	writeFileSync(join(dir, 'plain'), '#!/bin/sh\n');
	writeFileSync(join(dir, 'runnable'), '#!/bin/sh\n');
	chmodSync(join(dir, 'runnable'), 0o755);
	assert.equal(findExecProblem(join(dir, 'missing'), '/', undefined), 'ENOENT');
	assert.equal(findExecProblem(join(dir, 'plain'), '/', undefined), 'EACCES');
	assert.equal(findExecProblem(join(dir, 'runnable'), '/', undefined), undefined);
	assert.equal(findExecProblem('./runnable', dir, undefined), undefined);
	assert.equal(findExecProblem('runnable', '/', `/nonexistent:${dir}`), undefined);
	assert.equal(findExecProblem('plain', '/', dir), 'EACCES');
	assert.equal(findExecProblem('missing', '/', dir), 'ENOENT');
});

test('the shim executes the command with its argv untouched, argv[0] included', {skip: built}, () => {
	const result = spawnSync(VASSAL_EXEC_PATH, buildShimArgs(process.pid, 'cat', ['/proc/self/cmdline']), {encoding: 'utf8'});
	assert.equal(result.status, 0, result.stderr);
	assert.deepEqual(result.stdout.split('\0'), ['cat', '/proc/self/cmdline', '']);
});

test('the shim does not execute the command once its emperor is gone (its parent is not the pid it was given)', {skip: built}, () => {
	const result = spawnSync(VASSAL_EXEC_PATH, buildShimArgs(1, 'echo', ['ran']), {encoding: 'utf8'});
	assert.equal(result.status, 1);
	assert.equal(result.stdout, '');
});

test('a command the shim cannot execute exits 127 with the reason', {skip: built}, () => {
	const result = spawnSync(VASSAL_EXEC_PATH, buildShimArgs(process.pid, '/nonexistent/uwsgi', []), {encoding: 'utf8'});
	assert.equal(result.status, 127);
	assert.match(result.stderr, /cannot execute \/nonexistent\/uwsgi: No such file/);
});

test('with --cgroup the shim writes its own pid, which the command keeps, to the file before the exec', {skip: built}, () => {
	const procs = join(makeTempDir('emperor-exec-cgroup-'), 'cgroup.procs');
	writeFileSync(procs, '');
	const result = spawnSync(VASSAL_EXEC_PATH, buildShimArgs(process.pid, 'sh', ['-c', 'echo $$'], procs), {encoding: 'utf8'});
	assert.equal(result.status, 0, result.stderr);
	assert.equal(readFileSync(procs, 'utf8').trim(), result.stdout.trim());
	const unwritable = spawnSync(VASSAL_EXEC_PATH, buildShimArgs(process.pid, 'echo', ['ran'], '/nonexistent/cgroup.procs'), {encoding: 'utf8'});
	assert.equal(unwritable.stdout, 'ran\n', 'a cgroup that cannot be joined is said, and the vassal runs anyway');
	assert.match(unwritable.stderr, /cannot open \/nonexistent\/cgroup.procs/);
});
