import assert from 'node:assert/strict';
import {test} from 'node:test';
import {expandPlaceholders, type ExpansionContext} from '../../src/config/expand-placeholders.js';
import {parseUwsgiIni} from '../../src/config/parse-uwsgi-ini.js';

const magic = new Map([['n', 'app'], ['d', '/srv/vassals/'], ['%', '%'], ['(', '%(']]);
const context: ExpansionContext = {magic, env: {HOME: '/root'}};

const expand = (text: string, overrides: Partial<ExpansionContext> = {}) => {
	const {entries} = parseUwsgiIni(`[uwsgi]\n${text}`, 'app.ini');
	return expandPlaceholders(entries, {...context, ...overrides});
};
const values = (text: string, overrides: Partial<ExpansionContext> = {}) => expand(text, overrides).entries.map(entry => entry.value);
const notes = (text: string) => expand(text).notes.map(note => [note.kind, note.text, note.entry.line]);

test('magic variables are replaced; %% is a literal %', () => {
	assert.deepEqual(values('socket = %d%n.sock\nx = 100%%'), ['/srv/vassals/app.sock', '100%']);
});

test('an unknown magic variable becomes nothing, as in uWSGI, and is noted', () => {
	assert.deepEqual(values('logto = /var/log/%z%n.log'), ['/var/log/app.log']);
	assert.deepEqual(notes('logto = /var/log/%z%n.log'), [['unknown-magic', '%z', 2]]);
});

test('a % at the end of a value is noted: uWSGI would join the next line', () => {
	assert.deepEqual(notes('env = A=100%\nmaster = true'), [['trailing-percent', '%', 2]]);
});

test('$(NAME) is the environment; an unset one stays as written and the value counts as unresolved', () => {
	const {entries, notes: found} = expand('chdir = $(HOME)/app\nprocesses = $(WORKERS)');
	assert.deepEqual(entries.map(entry => [entry.value, entry.isResolved]), [['/root/app', true], ['$(WORKERS)', false]]);
	assert.deepEqual(found.map(note => [note.kind, note.text]), [['unset-env', '$(WORKERS)']]);
});

test('%(key) is the first value of any key, and what it brings in is expanded too', () => {
	assert.deepEqual(values('base = %d\nsocket = %(dir)%n.sock\ndir = %(base)run/\ndir = ignored'), ['/srv/vassals/', '/srv/vassals/run/app.sock', '/srv/vassals/run/', 'ignored']);
});

test('%(key) may name a real option, and a preset (--vassal-set) comes first', () => {
	assert.deepEqual(values('processes = 4\nx = %(processes)'), ['4', '4']);
	assert.deepEqual(values('processes = 4\nx = %(processes)', {preset: new Map([['processes', '8']])}), ['4', '8']);
});

test('a later definition of a key may refer to the first one', () => {
	assert.deepEqual(values('x = 1\nx = %(x)2'), ['1', '12']);
});

test('an unknown %(key) stays as written; %(_) of a for loop is not noted', () => {
	const {entries, notes: found} = expand('a = %(nope)\nb = %(_)');
	assert.deepEqual(entries.map(entry => [entry.value, entry.isResolved]), [['%(nope)', false], ['%(_)', false]]);
	assert.deepEqual(found.map(note => note.text), ['%(nope)']);
});

test('keys used as %(key) are collected, so they are not reported as unknown options', () => {
	assert.deepEqual([...expand('project = shop\nchdir = /srv/%(project)\ny = %(a b + 1)').references], ['project', 'a b + 1']);
});

test('a cycle of references is noted instead of looping forever', () => {
	assert.deepEqual(notes('a = x%(b)\nb = y%(a)').filter(([kind]) => kind === 'reference-cycle'), [['reference-cycle', 'a → b → a', 2], ['reference-cycle', 'b → a → b', 3]]);
});

test('expressions and @(file) readers are noted and left alone', () => {
	assert.deepEqual(notes('a = %(processes cpu_cores + 2)\nb = @(/etc/x)'), [['file-reader', '@(/etc/x)', 3], ['expression', '%(processes cpu_cores + 2)', 2]]);
});

test('a bare key stays true and the raw value is kept', () => {
	const [vacuum, socket] = expand('vacuum\nsocket = %n.sock').entries;
	assert.deepEqual([vacuum!.value, socket!.raw, socket!.value], [true, '%n.sock', 'app.sock']);
});
