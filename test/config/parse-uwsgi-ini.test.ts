import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseUwsgiIni} from '../../src/config/parse-uwsgi-ini.js';

test('a ; or # inside a value is part of the value', () => {
	const {sections} = parseUwsgiIni('[uwsgi]\nenv = DB=postgres://u:p#ss@h/db\nmodule = wsgi:app ; kept\n', 'a.ini');
	assert.equal(sections.uwsgi!.env, 'DB=postgres://u:p#ss@h/db');
	assert.equal(sections.uwsgi!.module, 'wsgi:app ; kept');
});

test('comments start only at the beginning of a line', () => {
	const {entries} = parseUwsgiIni('; comment\n# comment\n[uwsgi]\n  ; indented comment\nmaster = true\n', 'a.ini');
	assert.deepEqual(entries, [{section: 'uwsgi', key: 'master', value: 'true', line: 5}]);
});

test('repeated keys become lists and a bare key is true', () => {
	const {sections} = parseUwsgiIni('[uwsgi]\nsocket = a.sock\nsocket = 127.0.0.1:3031\nvacuum\n', 'a.ini');
	assert.deepEqual(sections.uwsgi!.socket, ['a.sock', '127.0.0.1:3031']);
	assert.equal(sections.uwsgi!.vacuum, true);
});

test('values that look like JSON stay strings', () => {
	const {sections} = parseUwsgiIni('[uwsgi]\nmaster = true\nx = null\ny = "quoted"\n', 'a.ini');
	assert.deepEqual(sections.uwsgi, {master: 'true', x: 'null', y: '"quoted"'});
});

test('other sections are kept', () => {
	const {sections} = parseUwsgiIni('[uwsgi]\nmaster = 1\n[emperor]\nsocket = /run/a.sock\n', 'a.ini');
	assert.equal(sections.emperor!.socket, '/run/a.sock');
});

test('each entry keeps its line number', () => {
	const {entries} = parseUwsgiIni('[uwsgi]\n\nmodule = wsgi\r\nprocesses = 5\n', 'a.ini');
	assert.deepEqual(entries.map(entry => [entry.key, entry.line]), [['module', 3], ['processes', 4]]);
});

test('a malformed section header is an error with its line', () => {
	const {issues} = parseUwsgiIni('[uwsgi]\nmaster = 1\n[emperor\n', 'a.ini');
	assert.deepEqual(issues.map(issue => [issue.line, issue.code, issue.severity]), [[3, 'INI_SECTION_MALFORMED', 'error']]);
});

test('a line with an empty key is an error', () => {
	const {issues} = parseUwsgiIni('[uwsgi]\n= 3\n', 'a.ini');
	assert.equal(issues[0]!.code, 'INI_KEY_MISSING');
	assert.equal(issues[0]!.line, 2);
});

test('options before any section are a warning', () => {
	const {issues, entries} = parseUwsgiIni('master = 1\n[uwsgi]\nprocesses = 2\n', 'a.ini');
	assert.deepEqual(issues.map(issue => [issue.line, issue.key, issue.severity]), [[1, 'master', 'warning']]);
	assert.equal(entries.length, 1);
});
