import assert from 'node:assert/strict';
import {test} from 'node:test';
import {formatConfigIssue} from '../../src/config/config-issue.js';
import {parseUwsgiIni} from '../../src/config/parse-uwsgi-ini.js';
import {checkUnknownKeys} from '../../src/config/unknown-keys.js';

const check = (text: string, references: string[] = [], isStrict = false) =>
	checkUnknownKeys(parseUwsgiIni(`[uwsgi]\n${text}`, 'app.ini').entries, new Set(references), isStrict, 'app.ini').map(issue => `${formatConfigIssue(issue)} [${issue.severity}]`);

test('a key one edit from an option is a warning that says which option', () => {
	assert.deepEqual(check('master = true\nharakri = 20\nenable_threads = true'), [
		'app.ini:3: harakri: not a uWSGI option: uWSGI only keeps it as a placeholder; did you mean harakiri? [warning]',
		'app.ini:4: enable_threads: not a uWSGI option: uWSGI matches option names exactly, so this line only defines a placeholder; did you mean enable-threads? [warning]',
	]);
});

test('a key used as %(key) is a placeholder, whatever its name', () => {
	assert.deepEqual(check('harakri = 20', ['harakri']), []);
});

test('a placeholder name far from every option is fine', () => {
	assert.deepEqual(check('project = shop\nbase = /srv'), []);
});

test('a repeated unknown key is reported once', () => {
	assert.equal(check('harakri = 20\nharakri = 30').length, 1);
});

test('in strict mode every unknown key is an error, used as a placeholder or not', () => {
	assert.deepEqual(check('project = shop\nproceses = 4', ['project'], true), [
		'app.ini:2: project: not a uWSGI option, and strict mode is on [error]',
		'app.ini:3: proceses: not a uWSGI option, and strict mode is on: did you mean processes? [error]',
	]);
});

test('several options equally near are all named', () => {
	assert.deepEqual(check('plugis = python3'), ['app.ini:2: plugis: not a uWSGI option: uWSGI only keeps it as a placeholder; did you mean plugin or plugins? [warning]']);
});
