import assert from 'node:assert/strict';
import {test} from 'node:test';
import {describeReadiness, formatBytes, formatCpu, formatDuration, formatStatus, formatStatusTable} from '../../src/commands/format-status.js';

const NOW = 1_000_000;

test('durations read as people write them', () => {
	assert.deepEqual([0.4, 42, 185, 3720, 90_000].map(formatDuration), ['<1s', '42s', '3m05s', '1h02m', '1d01h']);
});

test('the table lists each vassal with state (and the backoff left), pid, uptime, memory, CPU, respawns, last exit and readiness', () => {
	const table = formatStatusTable({vassals: [
		{id: 'app.ini', pid: 42, state: 'running', started_at: NOW - 185, memory: 40_055_603, cpu: 1.234, respawns: 2, last_exit: null, backoff_until: 0, loyal: 1, ready: 1, accepting: 1},
		{id: 'bad.ini', pid: -1, state: 'backoff', respawns: 0, last_exit: {code: 1, signal: null}, backoff_until: NOW + 8, loyal: 0, ready: 0, accepting: 0},
		{id: 'killed.ini', pid: -1, state: 'backoff', last_exit: {code: null, signal: 'SIGKILL'}, backoff_until: NOW + 1},
		{id: 'new.ini', pid: 43, state: 'starting', started_at: NOW - 1, respawns: 0, ready: 1, accepting: 0, loyal: 0},
	]}, NOW);
	assert.equal(table, [
		'VASSAL      STATE       PID  UPTIME  MEM  CPU   RESPAWNS  LAST EXIT  READINESS',
		'app.ini     running     42   3m05s   38M  1.2s  2         -          served',
		'bad.ini     backoff 8s  -    -       -    -     0         status 1   -',
		'killed.ini  backoff 1s  -    -       -    -     0         SIGKILL    -',
		'new.ini     starting    43   1s      -    -     0         -          master up',
		'',
	].join('\n'));
});

test('memory reads in powers of 1024 and CPU in seconds, then as a duration; a document without them shows -', () => {
	assert.deepEqual([0, 1023, 524_288, 40_055_603, 150 * 1024 ** 2, 1.5 * 1024 ** 3, undefined, -1].map(formatBytes), ['0B', '1023B', '512K', '38M', '150M', '1.5G', '-', '-']);
	assert.deepEqual([0, 0.424, 12.34, 185, undefined].map(formatCpu), ['0.0s', '0.4s', '12.3s', '3m05s', '-']);
});

test('readiness is the furthest a live process got: master up (byte 1), accepting (byte 5), served (byte 17, loyal)', () => {
	assert.deepEqual([
		{pid: 1},
		{pid: 1, ready: 1},
		{pid: 1, ready: 1, accepting: 1},
		{pid: 1, ready: 1, accepting: 1, loyal: 1},
		{pid: 1, loyal: 1},
		{pid: -1, ready: 1, loyal: 1},
	].map(describeReadiness), ['-', 'master up', 'accepting', 'served', 'served', '-']);
});

test('status starts with the emperor that answered: pid, vassal directory, vassals and how many run', () => {
	const document = {pid: 3600, emperor: ['/srv/vassals'], vassals: [{id: 'a.ini', pid: 1, state: 'running', started_at: NOW}, {id: 'b.ini', pid: -1, state: 'backoff'}]};
	assert.match(formatStatus(document, NOW), /^emperor 3600 governing \/srv\/vassals: 2 vassals, 1 running\n\nVASSAL +STATE/);
	assert.equal(formatStatus({pid: 1, emperor: ['/v'], vassals: []}, NOW), 'emperor 1 governing /v: 0 vassals, 0 running\n\nno vassals\n');
});

test('an emperor with sources of its own names them: a glob, or several', () => {
	const document = {pid: 7, emperor: ['/work'], vassals: [], sources: [{spec: '/srv/*/uwsgi.ini', kind: 'glob'}, {spec: '/etc/uwsgi/vassals', kind: 'dir'}]};
	assert.match(formatStatus(document, NOW), /^emperor 7 governing \/srv\/\*\/uwsgi\.ini, \/etc\/uwsgi\/vassals: 0 vassals/);
});

test('a document from a real uWSGI Emperor (no state field) reads too', () => {
	const table = formatStatusTable({vassals: [{id: 'a.ini', pid: 8780, last_run: NOW - 10, respawns: 0, loyal: 1, ready: 1, accepting: 1}, {id: 'b.ini', pid: -1}]}, NOW);
	assert.match(table, /^a\.ini +running +8780 +10s /m);
	assert.match(table, /^b\.ini +on-demand +- /m);
});

test('the table fits 80 columns, or a wider terminal, cutting long names', () => {
	const document = {vassals: [{id: `${'x'.repeat(120)}.ini`, pid: 1, state: 'backoff', started_at: NOW, backoff_until: NOW + 3000, last_exit: {signal: 'SIGKILL'}, loyal: 1}]};
	for (const width of [undefined, 40, 100]) {
		const table = formatStatusTable(document, NOW, {width});
		const lines = table.trimEnd().split('\n');
		for (const line of lines) assert.ok([...line].length <= Math.max(80, width ?? 0), `${[...line].length} columns: ${line}`);
		assert.match(table, /x…/);
		if (width === 100) assert.equal([...lines[0]!].length, 100, "the header spans a 100-column terminal");
	}
});

test('glob vassals cut to the column keep the end of their paths, where they differ', () => {
	const vassals = ['a', 'b'].map(project => ({id: `/srv/projects-of-the-company/${project}/uwsgi.ini`, pid: 1, state: 'running', started_at: NOW, last_exit: {signal: 'SIGKILL'}, loyal: 1, backoff_until: NOW + 3000}));
	const lines = formatStatusTable({vassals}, NOW).trimEnd().split('\n').slice(1);
	const names = lines.map(line => line.split(/ {2,}/)[0]!);
	assert.equal(new Set(names).size, 2, names.join(' | '));
	for (const [index, project] of ['a', 'b'].entries()) assert.match(names[index]!, new RegExp(`^….*/${project}/uwsgi\\.ini$`));
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

test('during an overlap the new generation and the old ones get a line of their own under the vassal', () => {
	const now = 1_000_000;
	const table = formatStatusTable({vassals: [{
		id: 'app.ini', pid: 100, state: 'overlapping', started_at: now - 3600, respawns: 0, accepting: 1, ready: 1, loyal: 1,
		generations: [
			{id: 3, role: 'serving', pid: 100, started_at: now - 3600, ready: 1, accepting: 1},
			{id: 4, role: 'new', pid: 200, started_at: now - 2, ready: 1, accepting: 0},
			{id: 2, role: 'old', pid: 90, started_at: now - 7200, ready: 1, accepting: 1},
		],
	}]}, now);
	const lines = table.trimEnd().split('\n');
	assert.equal(lines.length, 4);
	assert.match(lines[1]!, /^app\.ini\s+overlapping\s+100\s+1h00m/);
	assert.match(lines[2]!, /└ new #4\s+starting\s+200\s+2s\s+master up$/);
	assert.match(lines[3]!, /└ old #2\s+stopping\s+90\s+2h00m\s+finishing$/);
});

test("a program's STATUS= shows on a line under its vassal, cut to the table's width", () => {
	const table = formatStatusTable({vassals: [{id: 'gunicorn.ini', pid: 7, state: 'running', started_at: NOW - 5, accepting: 1, status: `Gunicorn arbiter booted ${'x'.repeat(200)}`}]}, NOW);
	const lines = table.trimEnd().split('\n');
	assert.equal(lines.length, 3);
	assert.match(lines[2]!, /^ {2}└ Gunicorn arbiter booted x+…$/);
	assert.ok(lines[2]!.length <= lines[1]!.length + 80);
});
