import assert from 'node:assert/strict';
import {test} from 'node:test';
import {formatDuration, formatStatusTable} from '../../src/commands/format-status.js';

const NOW = 1_000_000;

test('durations read as people write them', () => {
	assert.deepEqual([0.4, 42, 185, 3720, 90_000].map(formatDuration), ['<1s', '42s', '3m05s', '1h02m', '1d01h']);
});

test('the table lists each vassal with state, pid, uptime, respawns, last exit, backoff and flags', () => {
	const table = formatStatusTable({vassals: [
		{id: 'app.ini', pid: 42, state: 'running', started_at: NOW - 185, respawns: 2, last_exit: null, backoff_until: 0, loyal: 1, ready: 1, accepting: 1},
		{id: 'bad.ini', pid: -1, state: 'backoff', respawns: 0, last_exit: {code: 1, signal: null}, backoff_until: NOW + 8, loyal: 0, ready: 0, accepting: 0},
		{id: 'killed.ini', pid: -1, state: 'backoff', last_exit: {code: null, signal: 'SIGKILL'}, backoff_until: NOW + 1},
	]}, NOW);
	assert.equal(table, [
		'VASSAL      STATE    PID  UPTIME  RESP  LAST EXIT  BACKOFF  L R A',
		'app.ini     running  42   3m05s   2     -          -        ✓ ✓ ✓',
		'bad.ini     backoff  -    -       0     status 1   8s       · · ·',
		'killed.ini  backoff  -    -       0     SIGKILL    1s       · · ·',
		'',
	].join('\n'));
});

test('a document from a real uWSGI Emperor (no state field) reads too', () => {
	const table = formatStatusTable({vassals: [{id: 'a.ini', pid: 8780, last_run: NOW - 10, respawns: 0, loyal: 1, ready: 1, accepting: 1}, {id: 'b.ini', pid: -1}]}, NOW);
	assert.match(table, /^a\.ini +running +8780 +10s /m);
	assert.match(table, /^b\.ini +on-demand +- /m);
});

test('the table fits 80 columns, cutting long names', () => {
	const table = formatStatusTable({vassals: [{id: `${'x'.repeat(120)}.ini`, pid: 1, state: 'running', started_at: NOW}]}, NOW);
	for (const line of table.trimEnd().split('\n')) assert.ok([...line].length <= 80, `${[...line].length} columns: ${line}`);
	assert.match(table, /x…/);
});

test('no vassals says so', () => {
	assert.equal(formatStatusTable({vassals: []}, NOW), 'no vassals\n');
});

test('states are coloured only when asked (a terminal), and columns stay aligned', () => {
	const document = {vassals: [{id: 'a.ini', pid: 1, state: 'running', started_at: NOW}, {id: 'b.ini', pid: -1, state: 'exiled'}]};
	const plain = formatStatusTable(document, NOW);
	const colored = formatStatusTable(document, NOW, {color: true});
	assert.doesNotMatch(plain, /\u001B/);
	assert.match(colored, /\u001B\[32mrunning\u001B\[0m/);
	assert.match(colored, /\u001B\[31mexiled /);
	assert.equal(colored.replaceAll(/\u001B\[\d+m/g, ''), plain);
});
