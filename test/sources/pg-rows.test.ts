import assert from 'node:assert/strict';
import {test} from 'node:test';
import {MAX_ROW_CONFIG_BYTES, readPgRows, reconcilePgRows, type PgReported, type PgVassalRow} from '../../src/sources/pg-rows.js';

const CONFIG = '[uwsgi]\nhttp-socket = :0\n';

const rowsOf = (values: (string | null)[][], columns = 3, isTyrant = false) => {
	const read = readPgRows(values, columns, isTyrant);
	assert.ok(read.ok, read.ok ? '' : read.error);
	return read;
};

test('name, config and the integer part of ts, as emperor_pg reads them; a sixth column is the on-demand socket', () => {
	const read = rowsOf([['a.ini', CONFIG, '1700000000.75'], ['b.ini', CONFIG, '12', null, null, ' /run/b.sock ']], 6);
	assert.deepEqual(read.rows, [
		{name: 'a.ini', text: CONFIG, ts: 1_700_000_000, uid: 0, gid: 0, socket: undefined, issues: undefined},
		{name: 'b.ini', text: CONFIG, ts: 12, uid: 0, gid: 0, socket: '/run/b.sock', issues: undefined},
	]);
	assert.equal(rowsOf([['e.ini', CONFIG, '1.7e9']]).rows[0]!.ts, 1_700_000_000);
	assert.equal(rowsOf([['n.ini', CONFIG, null]]).rows[0]!.ts, 0);
	// a timestamp itself (SELECT name, config, ts): its time, in seconds
	assert.equal(rowsOf([['t.ini', CONFIG, '2026-12-02 04:27:41.29072+00']]).rows[0]!.ts, Date.UTC(2026, 11, 2, 4, 27, 41) / 1000);
	assert.equal(rowsOf([['t.ini', CONFIG, '2026-12-02 05:27:41+01']]).rows[0]!.ts, Date.UTC(2026, 11, 2, 4, 27, 41) / 1000);
});

test('fewer than three columns, or than five in tyrant mode, is not a list of vassals: the read fails', () => {
	assert.match((readPgRows([['a.ini', CONFIG]], 2, false) as {error: string}).error, /returns 2 columns: expected name, config, ts/);
	assert.match((readPgRows([], 3, true) as {error: string}).error, /tyrant mode.*uid, gid/);
});

test('a row without a usable name is ignored and said; a name twice keeps the first row', () => {
	const read = rowsOf([[null, CONFIG, '1'], ['bad/name.ini', CONFIG, '1'], ['app.xml', CONFIG, '1'], ['a.ini', CONFIG, '1'], ['a.ini', 'other', '2']]);
	assert.deepEqual(read.rows.map(row => [row.name, row.text]), [['a.ini', CONFIG]]);
	assert.equal(read.problems.length, 4);
	assert.match(read.problems[0]!, /^row 1 has no name/);
	assert.match(read.problems[3]!, /^row 5 is named a\.ini, as an earlier row/);
});

test('a bad row keeps its name and says why it is refused: too large, NULL config, a ts or an owner that is not a number', () => {
	const large = `[uwsgi]\n; ${'x'.repeat(MAX_ROW_CONFIG_BYTES)}\n`;
	const read = rowsOf([['big.ini', large, '1'], ['null.ini', null, '1'], ['ts.ini', CONFIG, 'yesterday'], ['ok.ini', CONFIG, '1']]);
	const codes = read.rows.map(row => (row.issues ?? []).map(issue => issue.code));
	assert.deepEqual(codes, [['PG_ROW_CONFIG_TOO_LARGE'], ['PG_ROW_NO_CONFIG'], ['PG_ROW_BAD_TS'], []]);
	assert.equal(read.rows[0]!.issues![0]!.file, 'big.ini');
	assert.match(read.rows[0]!.issues![0]!.message, /65535/);
	const tyrant = rowsOf([['t.ini', CONFIG, '1', '1000', 'x'], ['u.ini', CONFIG, '1', '1000', '1001']], 5, true);
	assert.deepEqual(tyrant.rows.map(row => [row.uid, row.gid, row.issues?.[0]?.code]), [[1000, 0, 'PG_ROW_BAD_OWNER'], [1000, 1001, undefined]]);
});

const row = (name: string, ts: number, text = CONFIG, owner: {uid?: number; gid?: number} = {}): PgVassalRow =>
	({name, text, ts, uid: owner.uid ?? 0, gid: owner.gid ?? 0});

test('reconcile: a new row is added with its text; the same row again changes nothing; a missing one is removed', () => {
	const first = reconcilePgRows(new Map(), [row('a.ini', 10), row('b.ini', 10)]);
	assert.deepEqual(first.observations.map(observation => [observation.name, observation.content?.text]), [['a.ini', CONFIG], ['b.ini', CONFIG]]);
	assert.equal(first.observations[0]!.fingerprint!.mtimeNs, 10_000_000_000n);
	const same = reconcilePgRows(first.reported, [row('a.ini', 10), row('b.ini', 10)]);
	assert.deepEqual(same.observations, []);
	const gone = reconcilePgRows(same.reported, [row('a.ini', 10)]);
	assert.deepEqual(gone.observations, [{name: 'b.ini', fingerprint: undefined}]);
	assert.deepEqual([...gone.reported.keys()], ['a.ini']);
});

test('reconcile: a later ts reloads, a changed config under the same ts reloads too, an earlier ts alone does not', () => {
	const start = reconcilePgRows(new Map(), [row('a.ini', 10)]).reported;
	const later = reconcilePgRows(start, [row('a.ini', 11)]);
	assert.equal(later.observations.length, 1);
	assert.notDeepEqual(later.observations[0]!.fingerprint, reconcilePgRows(new Map(), [row('a.ini', 10)]).observations[0]!.fingerprint);
	const edited = reconcilePgRows(later.reported, [row('a.ini', 11, `${CONFIG}processes = 2\n`)]);
	assert.equal(edited.observations.length, 1);
	assert.match(edited.observations[0]!.content!.text, /processes = 2/);
	assert.deepEqual(reconcilePgRows(edited.reported, [row('a.ini', 5, `${CONFIG}processes = 2\n`)]).observations, []);
	const reported: PgReported = edited.reported.get('a.ini')!;
	assert.equal(reported.ts, 11);
});

test('reconcile: another uid or gid (tyrant mode) is a new observation with the same version and the new owner', () => {
	const start = reconcilePgRows(new Map(), [row('a.ini', 10, CONFIG, {uid: 1000, gid: 1000})]);
	const moved = reconcilePgRows(start.reported, [row('a.ini', 10, CONFIG, {uid: 1001, gid: 1000})]);
	assert.equal(moved.observations.length, 1);
	const [before, after] = [start.observations[0]!.fingerprint!, moved.observations[0]!.fingerprint!];
	assert.deepEqual([after.mtimeNs, after.ino, after.uid], [before.mtimeNs, before.ino, 1001]);
});
