import assert from 'node:assert/strict';
import {test} from 'node:test';
import {pino} from 'pino';
import {logSourceEvents} from '../../src/emperor/source-log.js';

const capture = () => {
	const lines: Array<Record<string, unknown>> = [];
	const logger = pino({}, {write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>)});
	return {lines, handlers: logSourceEvents(logger)};
};

test('a refused duplicate is an error naming the vassal, the refused source and the owner', () => {
	const {lines, handlers} = capture();
	handlers.onDuplicate('app.ini', '/etc/uwsgi/vassals', '/srv/*/app.ini');
	assert.equal(lines[0]?.event, 'vassal-name-duplicate');
	assert.equal(lines[0]?.level, 50);
	assert.match(String(lines[0]?.msg), /app\.ini from \/srv\/\*\/app\.ini refused: \/etc\/uwsgi\/vassals already has/);
});

test('a pg:// source that is down is a warning, one that connects is info; each ignored row is a line', () => {
	const {lines, handlers} = capture();
	handlers.onSourceState?.('pg://fleet', 'down', 'connection refused');
	handlers.onSourceState?.('pg://fleet', 'connected', 'listening');
	handlers.onRowProblems?.('pg://fleet', ['row 3: no name', 'row 4: no config']);
	assert.deepEqual(lines.map(line => [line.event, line.level]), [['source-state', 40], ['source-state', 30], ['source-row-ignored', 40], ['source-row-ignored', 40]]);
	assert.equal(lines[0]?.msg, 'pg://fleet: down: connection refused');
});

test('a monitor error carries its code', () => {
	const {lines, handlers} = capture();
	handlers.onError(Object.assign(new Error('gone'), {code: 'ENOENT'}), 'watching /srv/vassals');
	const err = lines[0]?.err as {message: string; code: string};
	assert.deepEqual([err.message, err.code], ['gone', 'ENOENT']);
	assert.equal(lines[0]?.msg, 'watching /srv/vassals: gone');
});
