import assert from 'node:assert/strict';
import {join, relative} from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {runCheck} from '../../src/check/run-check.js';

const VASSALS = fileURLToPath(new URL('../fixtures/vassals', import.meta.url));
// paths as an operator would type them, relative to the working directory
const fixture = (...parts: string[]) => relative(process.cwd(), join(VASSALS, ...parts));

const check = async (...argv: string[]) => {
	let stdout = '';
	let stderr = '';
	const status = await runCheck(argv, {stdout: text => (stdout += text), stderr: text => (stderr += text)});
	return {status, stdout, stderr};
};

test('a good file: exit 0 and a summary', async () => {
	assert.deepEqual(await check(fixture('seeds', '000-digitalocean', 'myapp.ini')), {status: 0, stdout: 'emperor check: 1 file, 0 errors, 0 warnings\n', stderr: ''});
});

test('errors: one line each, as file:line: key: message, and exit 1', async () => {
	const {status, stdout} = await check(fixture('checks', 'bad-values.ini'));
	const file = fixture('checks', 'bad-values.ini');
	assert.equal(status, 1);
	assert.equal(stdout, [
		`${file}:6: threads: expected a whole number, found no value`,
		`${file}:7: processes: expected a whole number, found "four"`,
		`${file}:8: harakiri: expected a whole number, found "30s"`,
		`${file}:9: chmod-socket: expected a mode of three octal digits like 660, found "0660"`,
		`${file}:10: mount: expected MOUNTPOINT=APP, like /app=wsgi.py, found "/app"`,
		'emperor check: 1 file, 5 errors, 0 warnings',
		'',
	].join('\n'));
});

test('only warnings and notes: exit 0, each tagged', async () => {
	const {status, stdout} = await check(fixture('checks', 'die-on-idle.ini'), fixture('seeds', '002-codingpy'));
	assert.equal(status, 0);
	assert.equal(stdout, [
		`${fixture('checks', 'die-on-idle.ini')}:3: die-on-idle: has no effect without idle = SECONDS (the vassal never goes idle) (warning)`,
		`${fixture('seeds', '002-codingpy', 'codingpy.ini')}:16: for-readline: uWSGI evaluates this block (to endfor on line 18) when it starts: the options inside are checked as written, without host checks (note)`,
		'emperor check: 2 files, 0 errors, 1 warning, 1 note',
		'',
	].join('\n'));
});

test('a directory is checked as the emperor would run it: a socket bound twice refuses the second file', async () => {
	const {status, stdout} = await check('--no-host-checks', fixture('checks', 'conflict'));
	assert.equal(status, 1);
	assert.match(stdout, new RegExp(`^${fixture('checks', 'conflict', 'b.ini')}:3: socket: \\*:3031 is already bound by ${fixture('checks', 'conflict', 'a.ini')} \\(line 3, socket\\): the second vassal is refused$`, 'm'));
	assert.match(stdout, /emperor check: 2 files, 2 errors, 0 warnings\n$/);
});

test('--no-host-checks skips users, groups, paths, plugins and the environment', async () => {
	assert.equal((await check(fixture('checks', 'host-missing.ini'))).status, 1);
	assert.deepEqual(await check('--no-host-checks', fixture('checks', 'host-missing.ini')), {status: 0, stdout: 'emperor check: 1 file, 0 errors, 0 warnings\n', stderr: ''});
});

test('--strict makes unknown keys errors in every file', async () => {
	assert.equal((await check(fixture('checks', 'typos.ini'))).status, 0);
	assert.equal((await check('--strict', fixture('checks', 'typos.ini'))).status, 1);
});

test('--json gives the same verdict as data', async () => {
	const {status, stdout} = await check('--json', '--no-host-checks', fixture('seeds', '004-docker'));
	assert.equal(status, 0);
	const report = JSON.parse(stdout) as {ok: boolean; errors: number; warnings: number; files: {file: string; ok: boolean; issues: {line: number; key: string; code: string; severity: string}[]}[]};
	assert.deepEqual({ok: report.ok, errors: report.errors, warnings: report.warnings}, {ok: true, errors: 0, warnings: 1});
	assert.deepEqual(report.files.map(file => [file.file, file.ok, file.issues.map(issue => [issue.line, issue.key, issue.code, issue.severity])]), [
		[fixture('seeds', '004-docker', 'uwsgi.ini'), true, [[6, 'enable_threads', 'VASSAL_UNKNOWN_OPTION', 'warning']]],
	]);
});

test('a path that does not exist is an error; no path or an unknown flag is a usage error (exit 2)', async () => {
	const missing = await check('no-such-dir-emperor');
	assert.deepEqual([missing.status, missing.stdout], [1, 'no-such-dir-emperor: no such file or directory\nemperor check: 0 files, 1 error, 0 warnings\n']);
	const none = await check();
	assert.equal(none.status, 2);
	assert.match(none.stderr, /^emperor check: expected at least one file or directory\nusage: emperor check/);
	assert.equal((await check('--bogus', 'x')).status, 2);
	assert.match((await check('--help')).stdout, /^usage: emperor check/);
});
