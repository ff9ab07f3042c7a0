import assert from 'node:assert/strict';
import {test} from 'node:test';
import {readSocketStartMode} from '../../src/on-demand/socket-start-mode.js';
import type {IniEntry} from '../../src/config/parse-uwsgi-ini.js';

const entry = (key: string, value: IniEntry['value'], section = 'emperor', line = 7): IniEntry => ({section, key, value, line});

test('a held socket is on demand unless the file says otherwise', () => {
	assert.deepEqual(readSocketStartMode([entry('socket', '/run/app.sock')], 'app.ini'), {ok: true, isOnDemand: true});
});

test('on-demand = false, no, off or 0 makes the vassal run at once on its held socket', () => {
	for (const value of ['false', 'no', 'off', '0', 'FALSE', 'n']) {
		assert.deepEqual(readSocketStartMode([entry('on-demand', value)], 'app.ini'), {ok: true, isOnDemand: false}, String(value));
	}
});

test('on-demand = true or yes keeps the vassal asleep until a connection', () => {
	for (const value of [true, 'true', 'yes', '1'] as const) assert.deepEqual(readSocketStartMode([entry('on-demand', value)], 'app.ini'), {ok: true, isOnDemand: true});
});

test('the last on-demand line of the [emperor] section counts; the [uwsgi] section is not read', () => {
	const entries = [entry('on-demand', 'false', 'emperor', 3), entry('on-demand', 'true', 'emperor', 4), entry('on-demand', 'false', 'uwsgi', 9)];
	assert.deepEqual(readSocketStartMode(entries, 'app.ini'), {ok: true, isOnDemand: true});
});

test('a value that is not a boolean is refused with its line and what was expected', () => {
	const result = readSocketStartMode([entry('on-demand', 'later', 'emperor', 12)], 'app.ini');
	assert.equal(result.ok, false);
	if (result.ok) return;
	assert.deepEqual(
		{line: result.issue.line, key: result.issue.key, code: result.issue.code, message: result.issue.message},
		{line: 12, key: 'on-demand', code: 'VASSAL_ON_DEMAND_INVALID', message: '[emperor] on-demand: expected true or false, found "later"'},
	);
});
