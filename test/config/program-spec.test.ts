import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseUwsgiIni} from '../../src/config/parse-uwsgi-ini.js';
import {checkEmperorKeys, readProgramSpec} from '../../src/config/program-spec.js';

const entriesOf = (text: string) => parseUwsgiIni(text, 'app.ini').entries;
const codesOf = (issues: readonly {code: string}[]) => issues.map(issue => issue.code);

test('a program vassal reads into its argv, environment, stop signal, exile statuses and readiness', () => {
	const {spec, issues} = readProgramSpec(entriesOf([
		'[emperor]', `command = gunicorn --workers 2 "app:create_app()" --bind 'unix:/run/a b.sock'`, 'env = A=1', 'env = B=x=y',
		'stop-signal = quit', 'stop-timeout = 5', 'exile-status = 26, 3', 'ready = notify', 'watchdog = 10', 'idle = 60',
	].join('\n')), 'app.ini');
	assert.deepEqual(issues, []);
	assert.deepEqual(spec?.argv, ['gunicorn', '--workers', '2', 'app:create_app()', '--bind', 'unix:/run/a b.sock']);
	assert.deepEqual(spec?.env, [['A', '1'], ['B', 'x=y']]);
	assert.equal(spec?.stopSignal, 'SIGQUIT');
	assert.equal(spec?.stopTimeoutMs, 5000);
	assert.deepEqual(spec?.exileStatuses, [26, 3]);
	assert.deepEqual(spec?.ready, {kind: 'notify'});
	assert.equal(spec?.watchdogSeconds, 10);
	assert.equal(spec?.idleSeconds, 60);
});

test('defaults: SIGTERM, exile on 26, ready when started', () => {
	const {spec} = readProgramSpec(entriesOf('[emperor]\ncommand = node server.js\n'), 'app.ini');
	assert.equal(spec?.stopSignal, 'SIGTERM');
	assert.deepEqual(spec?.exileStatuses, [26]);
	assert.deepEqual(spec?.ready, {kind: 'started'});
});

test('every bad value is an error naming its line and what was expected', () => {
	const {spec, issues} = readProgramSpec(entriesOf([
		'[emperor]', `command = node 'server.js`, 'env = NOEQUALS', 'stop-signal = SIGNOPE', 'stop-timeout = soon', 'exile-status = 300', 'ready = whenever',
	].join('\n')), 'app.ini');
	assert.equal(spec, undefined);
	assert.deepEqual(issues.map(issue => [issue.line, issue.key]), [[2, 'command'], [3, 'env'], [4, 'stop-signal'], [5, 'stop-timeout'], [6, 'exile-status'], [7, 'ready']]);
	assert.match(issues[3]!.message, /expected a positive number of seconds, found "soon"/);
	assert.match(issues[5]!.message, /expected started, notify, log:REGEX or probe:COMMAND/);
});

test('a command with shell operators is accepted with a warning: no shell runs it', () => {
	const {spec, issues} = readProgramSpec(entriesOf('[emperor]\ncommand = node server.js > out.log\n'), 'app.ini');
	assert.ok(spec);
	assert.deepEqual(codesOf(issues), ['VASSAL_COMMAND_NOT_A_SHELL']);
});

test('unknown [emperor] keys get "did you mean"; program keys in a uWSGI vassal are refused', () => {
	const program = checkEmperorKeys(entriesOf('[emperor]\ncommand = x\nstop-signl = TERM\n'), 'app.ini', true);
	assert.deepEqual(codesOf(program), ['VASSAL_EMPEROR_KEY_UNKNOWN']);
	assert.match(program[0]!.message, /did you mean stop-signal\?/);
	const uwsgi = checkEmperorKeys(entriesOf('[uwsgi]\nmaster = true\n[emperor]\nsocket = /run/a.sock\nchdir = /srv\n'), 'app.ini', false);
	assert.deepEqual(codesOf(uwsgi), ['VASSAL_EMPEROR_KEY_PROGRAM_ONLY']);
});
