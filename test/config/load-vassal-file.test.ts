import assert from 'node:assert/strict';
import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {formatConfigIssue} from '../../src/config/config-issue.js';
import {loadVassalFile, type VassalLoadOptions} from '../../src/config/load-vassal-file.js';

const CHECKS = fileURLToPath(new URL('../fixtures/vassals/checks', import.meta.url));
const SOMAXCONN = Number.parseInt(readFileSync('/proc/sys/net/core/somaxconn', 'utf8'), 10);
// Debian's packages have a plugin directory; a pip build of uWSGI has none, and then plugins are not checked
const HAS_PLUGIN_DIRECTORY = existsSync('/usr/lib/uwsgi/plugins');

const issuesOf = async (name: string, options: VassalLoadOptions = {}, directory = CHECKS) => {
	const result = await loadVassalFile(directory, name, options);
	return (result.ok ? result.warnings : result.issues).map(issue => `${formatConfigIssue(issue)} [${issue.severity}]`);
};

test('bad values are refused with the line, the option, what was expected and what was found', async () => {
	const result = await loadVassalFile(CHECKS, 'bad-values.ini');
	assert.equal(result.ok, false);
	assert.deepEqual(await issuesOf('bad-values.ini'), [
		'bad-values.ini:6: threads: expected a whole number, found no value [error]',
		'bad-values.ini:7: processes: expected a whole number, found "four" [error]',
		'bad-values.ini:8: harakiri: expected a whole number, found "30s" [error]',
		'bad-values.ini:9: chmod-socket: expected a mode of three octal digits like 660, found "0660" [error]',
		'bad-values.ini:10: mount: expected MOUNTPOINT=APP, like /app=wsgi.py, found "/app" [error]',
	]);
});

test('values uWSGI reads although they look wrong pass with warnings', async () => {
	const result = await loadVassalFile(CHECKS, 'lenient-values.ini');
	assert.ok(result.ok);
	assert.deepEqual(result.config.options, {master: true, processes: 4, vacuum: true, 'die-on-term': true});
	assert.deepEqual(await issuesOf('lenient-values.ini'), [
		'lenient-values.ini:3: master: expected true/false, yes/no, on/off or 1/0, found "ture": uWSGI reads it as true [warning]',
		'lenient-values.ini:4: processes: "4 ; four workers" is read as 4: a ; or # inside a value is part of it (put comments on a line of their own) [warning]',
	]);
});

test('misspelt options are warnings with a suggestion; a key used as %(key) is a placeholder', async () => {
	assert.ok((await loadVassalFile(CHECKS, 'typos.ini')).ok);
	assert.deepEqual(await issuesOf('typos.ini'), [
		'typos.ini:4: enable_threads: not a uWSGI option: uWSGI matches option names exactly, so this line only defines a placeholder; did you mean enable-threads? [warning]',
		'typos.ini:5: proceses: not a uWSGI option: uWSGI only keeps it as a placeholder; did you mean processes? [warning]',
		'typos.ini:6: harakri: not a uWSGI option: uWSGI only keeps it as a placeholder; did you mean harakiri? [warning]',
	]);
});

test('strict = true in the vassal, or the emperor\'s strict mode, makes unknown keys errors', async () => {
	assert.deepEqual(await issuesOf('strict.ini'), [
		'strict.ini:4: project: not a uWSGI option, and strict mode is on [error]',
		'strict.ini:5: proceses: not a uWSGI option, and strict mode is on: did you mean processes? [error]',
	]);
	const strictTypos = await loadVassalFile(CHECKS, 'typos.ini', {isStrict: true});
	assert.equal(strictTypos.ok, false);
});

test('placeholders are expanded for checking; loops, includes and file readers are passed through with a note', async () => {
	const result = await loadVassalFile(CHECKS, 'placeholders.ini', {env: {EMPEROR_TEST_WORKERS: '3'}});
	assert.ok(result.ok);
	assert.equal(result.config.options.processes, 3);
	assert.equal(result.config.options.chdir, `${CHECKS}/`);
	assert.deepEqual(result.config.options.socket, [join(CHECKS, 'placeholders.sock')]);
	assert.deepEqual(await issuesOf('placeholders.ini', {env: {EMPEROR_TEST_WORKERS: '3'}}), [
		'placeholders.ini:7: threads: %(workers_per_core) names no option of this file: uWSGI keeps it as written (unless an included file sets it) [info]',
		'placeholders.ini:8: logto: %z is not a uWSGI magic variable: uWSGI replaces it with nothing (write %% for a literal %) [warning]',
		'placeholders.ini:9: env: a % at the end of a line makes uWSGI join the next line to this value (write %% for a literal %) [warning]',
		`placeholders.ini:11: ini: uWSGI reads ${CHECKS}/common.ini when it starts: its options are not checked here [info]`,
		'placeholders.ini:12: for-readline: uWSGI evaluates this block (to endfor on line 14) when it starts: the options inside are checked as written, without host checks [info]',
		`placeholders.ini:15: cheaper-initial: @(${CHECKS}/initial.txt) is read by uWSGI when it starts: not evaluated here, so this value is not checked [info]`,
	]);
});

test('an unset $(NAME) is a warning with host checks and nothing without', async () => {
	const withHost = await issuesOf('placeholders.ini', {env: {}});
	assert.ok(withHost.includes('placeholders.ini:6: processes: $(EMPEROR_TEST_WORKERS) is not set in this environment: uWSGI keeps it as written [warning]'));
	const withoutHost = await issuesOf('placeholders.ini', {env: {}, hostChecks: false});
	assert.equal(withoutHost.some(line => line.includes('EMPEROR_TEST_WORKERS')), false);
});

test('semantic checks: die-on-idle without idle warns, cheaper not below processes is refused, a reference cycle is refused', async () => {
	assert.deepEqual(await issuesOf('die-on-idle.ini'), ['die-on-idle.ini:3: die-on-idle: has no effect without idle = SECONDS (the vassal never goes idle) [warning]']);
	assert.deepEqual(await issuesOf('cheaper.ini'), ['cheaper.ini:4: cheaper: expected fewer than processes (4), found 4: uWSGI exits at start-up [error]']);
	assert.deepEqual(await issuesOf('cycle.ini'), [
		'cycle.ini:3: a: placeholders refer to each other (a → b → a): uWSGI never finishes reading the file [error]',
		'cycle.ini:4: b: placeholders refer to each other (b → a → b): uWSGI never finishes reading the file [error]',
	]);
});

test('facts of this machine: unknown users and groups, missing paths and plugins, listen above somaxconn', async () => {
	assert.deepEqual(await issuesOf('host-missing.ini'), [
		'host-missing.ini:3: uid: user "no-such-user-emperor" does not exist on this machine: uWSGI exits at start-up [error]',
		'host-missing.ini:4: gid: group "no-such-group-emperor" does not exist on this machine: uWSGI exits at start-up [error]',
		'host-missing.ini:5: chown-socket: group "no-such-group-emperor" does not exist on this machine: uWSGI exits at start-up [error]',
		`host-missing.ini:6: virtualenv: directory ${CHECKS}/no-such-venv does not exist: Python cannot start [error]`,
		`host-missing.ini:7: wsgi-file: file ${CHECKS}/no-such-app.py does not exist: uWSGI loads no app [error]`,
		'host-missing.ini:8: socket: directory /no-such-dir-emperor of the unix socket app.sock does not exist: uWSGI cannot bind it [error]',
		'host-missing.ini:9: plugins: plugin "no-such-plugin-emperor" is not installed (no /usr/lib/uwsgi/plugins/no-such-plugin-emperor_plugin.so): uWSGI starts without it [warning]',
		`host-missing.ini:10: listen: expected at most net.core.somaxconn (${SOMAXCONN}), found 1000000000: uWSGI cannot bind its sockets [error]`,
	].filter(line => HAS_PLUGIN_DIRECTORY || !line.includes('plugin "')));
});

test('--no-host-checks skips the facts of this machine', async () => {
	const result = await loadVassalFile(CHECKS, 'host-missing.ini', {hostChecks: false});
	assert.ok(result.ok);
	assert.deepEqual(result.warnings, []);
});

test('a vassal binding its own on-demand socket is refused (uWSGI #608)', async () => {
	assert.deepEqual(await issuesOf('on-demand.ini'), [
		'on-demand.ini:4: socket: binds the on-demand socket of the [emperor] section (line 9): the vassal inherits it on fd 0 and must not bind it, or it never comes back after die-on-idle [error]',
	]);
});

test('a socket another vassal binds is refused, naming that vassal; the first one keeps it', async () => {
	const directory = join(CHECKS, 'conflict');
	const first = await loadVassalFile(directory, 'a.ini');
	assert.ok(first.ok);
	const second = await loadVassalFile(directory, 'b.ini', {claims: [{vassal: 'a.ini', bindings: first.bindings}]});
	assert.ok(!second.ok);
	assert.deepEqual(second.conflictsWith, ['a.ini']);
	assert.deepEqual(second.issues.map(formatConfigIssue), [
		'b.ini:3: socket: *:3031 is already bound by a.ini (line 3, socket): the second vassal is refused',
		`b.ini:4: stats: ${directory}/shared.sock is already bound by a.ini (line 4, http-socket): the second vassal is refused`,
	]);
	assert.ok((await loadVassalFile(directory, 'a.ini', {claims: [{vassal: 'a.ini', bindings: first.bindings}]})).ok, 'its own claim is no conflict');
});

test('a file that cannot be read gives the reader\'s issue', async () => {
	const result = await loadVassalFile(CHECKS, 'missing.ini');
	assert.ok(!result.ok);
	assert.equal(result.issues[0]!.code, 'VASSAL_FILE_UNREADABLE');
});
