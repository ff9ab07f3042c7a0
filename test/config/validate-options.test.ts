import assert from 'node:assert/strict';
import {test} from 'node:test';
import {formatConfigIssue} from '../../src/config/config-issue.js';
import {expandPlaceholders} from '../../src/config/expand-placeholders.js';
import {parseUwsgiIni} from '../../src/config/parse-uwsgi-ini.js';
import {validateOptions} from '../../src/config/validate-options.js';

const validate = (text: string) => {
	const {entries} = parseUwsgiIni(`[uwsgi]\n${text}`, 'app.ini');
	return validateOptions(expandPlaceholders(entries, {magic: new Map([['n', 'app'], ['(', '%(']]), env: {}}).entries, 'app.ini');
};
const rendered = (text: string) => validate(text).issues.map(issue => `${formatConfigIssue(issue)} [${issue.severity}]`);

test('numbers are numbers, booleans are booleans, modes are octal, lists keep every value', () => {
	const {options, issues} = validate('master = true\nworkers = 4\nthreads = 2\nenable-threads = On\nvacuum\ndie-on-term = 0\nchmod-socket = 660\nsocket = a.sock\nsocket = :3031\nenv = A=1\nenv = B=2');
	assert.deepEqual(issues, []);
	assert.deepEqual(options, {
		master: true, processes: 4, threads: 2, 'enable-threads': true, vacuum: true, 'die-on-term': false, 'chmod-socket': 0o660,
		socket: ['a.sock', ':3031'], env: ['A=1', 'B=2'],
	});
});

test('uWSGI spellings of booleans: true/false, yes/no, on/off, 1/0 in any case, a bare key', () => {
	const {options} = validate('master = YES\nvacuum = off\nstrict = No\nneed-app = 1\ndie-on-idle\nmanage-script-name = False');
	assert.deepEqual(options, {master: true, vacuum: false, strict: false, 'need-app': true, 'die-on-idle': true, 'manage-script-name': false});
});

test('a single-valued option keeps its last value; chmod-socket = 1 means 666', () => {
	assert.deepEqual(validate('processes = 2\nprocesses = 8\nchmod-socket = 1').options, {processes: 8, 'chmod-socket': 0o666});
});

test('a bad value is an error with the option, what was expected, and what was found', () => {
	assert.deepEqual(rendered('processes = four\nharakiri = 30s\nchmod-socket = 0660\nbuffer-size\nmount = /app\nsocket ='), [
		'app.ini:2: processes: expected a whole number, found "four" [error]',
		'app.ini:3: harakiri: expected a whole number, found "30s" [error]',
		'app.ini:4: chmod-socket: expected a mode of three octal digits like 660, found "0660" [error]',
		'app.ini:5: buffer-size: expected a whole number, found no value [error]',
		'app.ini:6: mount: expected MOUNTPOINT=APP, like /app=wsgi.py, found "/app" [error]',
		'app.ini:7: socket: expected an address like /run/app.sock or 127.0.0.1:3031, found "" [error]',
	]);
});

test('an issue carries expected and found as data', () => {
	const [issue] = validate('processes = four').issues;
	assert.deepEqual(issue, {file: 'app.ini', line: 2, key: 'processes', code: 'VASSAL_OPTION_INVALID', severity: 'error', message: 'expected a whole number, found "four"', expected: 'a whole number', found: 'four'});
});

test('every occurrence is checked, as uWSGI applies each one', () => {
	assert.deepEqual(rendered('chmod-socket = 0660\nchmod-socket = 660'), ['app.ini:2: chmod-socket: expected a mode of three octal digits like 660, found "0660" [error]']);
});

test('a value changed by placeholders says what was written', () => {
	assert.deepEqual(rendered('processes = %n'), ['app.ini:2: processes: expected a whole number, found "app" (written "%n") [error]']);
});

test('a value uWSGI reads although it looks wrong is a warning, with what uWSGI makes of it', () => {
	assert.deepEqual(rendered('master = ture\nvacuum = false ; keep the socket\nprocesses = 4 # workers'), [
		'app.ini:2: master: expected true/false, yes/no, on/off or 1/0, found "ture": uWSGI reads it as true [warning]',
		'app.ini:3: vacuum: expected true/false, yes/no, on/off or 1/0, found "false ; keep the socket": uWSGI reads it as true [warning]',
		'app.ini:4: processes: "4 # workers" is read as 4: a ; or # inside a value is part of it (put comments on a line of their own) [warning]',
	]);
	assert.deepEqual(validate('master = ture\nprocesses = 4 # workers').options, {master: true, processes: 4});
});

test('values with placeholders left in them, and options outside the schema, are not checked', () => {
	assert.deepEqual(validate('processes = $(WORKERS)\nthreads = %(nope)\nlazy-apps = maybe\nfoo = bar').issues, []);
});
