// the rows a pg:// query returns, read as uWSGI's emperor_pg reads them, and what they mean for the vassals of that
// source: pure. Columns: name, config, ts (seconds; its integer part counts), then uid and gid (tyrant mode), then an
// on-demand socket. A row that is not usable under a good name is refused as a bad file is: the vassal of that name
// keeps running its last good config; only a successful read without the name stops it.
import {createHash} from 'node:crypto';
import type {ConfigIssue} from '../config/config-issue.js';
import type {FileObservation} from '../monitor/directory-monitor.js';
import type {FileFingerprint} from '../monitor/file-fingerprint.js';
import {isVassalName} from '../monitor/vassal-name.js';

/** uWSGI's config channel frames the text with a 16-bit size */
export const MAX_ROW_CONFIG_BYTES = 65_535;

/** one usable row: a vassal's config, or (issues set) why this version of it is refused */
export type PgVassalRow = {
	readonly name: string;
	readonly text: string;
	readonly ts: number;
	readonly uid: number;
	readonly gid: number;
	readonly socket?: string | undefined;
	readonly issues?: readonly ConfigIssue[] | undefined;
};

export type PgRowsRead =
	/** rows by name; problems: rows that name no vassal (no name, a bad name, a name twice) */
	| {readonly ok: true; readonly rows: readonly PgVassalRow[]; readonly problems: readonly string[]}
	/** the result as a whole cannot be the list of vassals: the read counts as failed */
	| {readonly ok: false; readonly error: string};

const refused = (name: string, code: string, message: string): ConfigIssue => ({file: name, code, severity: 'error', message});

// PostgreSQL's text form of a timestamp (`2026-12-02 04:27:41.29+00`) as epoch seconds, or undefined
const parseTimestamp = (text: string): number | undefined => {
	const iso = text.trim().replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
	const milliseconds = /^\d{4}-\d\d-\d\d/.test(iso) ? Date.parse(iso) : Number.NaN;
	return Number.isNaN(milliseconds) ? undefined : Math.floor(milliseconds / 1000);
};

// the integer part of a ts value, as uWSGI takes it (digits up to the dot); a timestamp column (the query left out
// EXTRACT(epoch FROM ts)) counts by its time, where uWSGI would read its year
const parseSeconds = (text: string | null): number | undefined => {
	if (text === null || text.trim() === '') return 0;
	const match = /^\s*(-?\d+)(?:\.\d*)?(?:e[+-]?\d+)?\s*$/i.exec(text);
	if (match === null) return parseTimestamp(text);
	return /e/i.test(text) ? Math.trunc(Number(text)) : Number(match[1]);
};

const parseId = (text: string | null | undefined): number | undefined =>
	text !== null && text !== undefined && /^\s*\d+\s*$/.test(text) ? Number(text) : undefined;

// why a row's name cannot be a vassal's, or undefined
const nameProblem = (name: string | null): string | undefined => {
	if (name === null || name === '') return 'has no name';
	if (!isVassalName(name)) return `is named ${JSON.stringify(name)}: expected a vassal name ending in .ini, without "/", not starting with "." and under 255 characters`;
	return undefined;
};

// one row by its values (text, as libpq gives them); tyrant mode needs uid and gid
const readRow = (name: string, values: readonly (string | null)[], isTyrant: boolean): PgVassalRow => {
	const [, config, tsText, uidText, gidText, socketText] = values;
	const ts = parseSeconds(tsText ?? null);
	const uid = isTyrant ? parseId(uidText) : 0;
	const gid = isTyrant ? parseId(gidText) : 0;
	const text = config ?? '';
	const socket = socketText === null || socketText === undefined || socketText.trim() === '' ? undefined : socketText.trim();
	const issues: ConfigIssue[] = [];
	if (config === null) issues.push(refused(name, 'PG_ROW_NO_CONFIG', 'the row\'s config is NULL'));
	const bytes = Buffer.byteLength(text);
	if (bytes > MAX_ROW_CONFIG_BYTES) {
		issues.push(refused(name, 'PG_ROW_CONFIG_TOO_LARGE', `the row's config is ${bytes} bytes: the config channel carries at most ${MAX_ROW_CONFIG_BYTES} (a 16-bit size)`));
	}
	if (text.includes('\0')) issues.push(refused(name, 'PG_ROW_CONFIG_BINARY', 'the row\'s config holds a NUL byte'));
	if (ts === undefined) issues.push(refused(name, 'PG_ROW_BAD_TS', `the row's ts ${JSON.stringify(tsText)} is not a number of seconds`));
	if (uid === undefined || gid === undefined) {
		issues.push(refused(name, 'PG_ROW_BAD_OWNER', `tyrant mode: the row's uid and gid (columns 4 and 5) must be numbers, found ${JSON.stringify(uidText)} and ${JSON.stringify(gidText)}`));
	}
	return {name, text, ts: ts ?? 0, uid: uid ?? 0, gid: gid ?? 0, socket, issues: issues.length === 0 ? undefined : issues};
};

// the vassal rows of one query result (each value as text, or null); columnCount from the result's description
export const readPgRows = (values: readonly (readonly (string | null)[])[], columnCount: number, isTyrant: boolean): PgRowsRead => {
	if (columnCount < 3) return {ok: false, error: `the query returns ${columnCount} column${columnCount === 1 ? '' : 's'}: expected name, config, ts (and uid, gid in tyrant mode)`};
	if (isTyrant && columnCount < 5) return {ok: false, error: `tyrant mode: the query returns ${columnCount} columns: expected name, config, ts, uid, gid`};
	const rows: PgVassalRow[] = [];
	const problems: string[] = [];
	const seen = new Set<string>();
	values.forEach((row, index) => {
		const name = row[0] ?? null;
		const problem = nameProblem(name);
		if (problem !== undefined) return void problems.push(`row ${index + 1} ${problem}: ignored`);
		if (seen.has(name!)) return void problems.push(`row ${index + 1} is named ${name}, as an earlier row: ignored, the first one counts`);
		seen.add(name!);
		rows.push(readRow(name!, row, isTyrant));
	});
	return {ok: true, rows, problems};
};

/** what the source last reported for a name */
export type PgReported = {readonly ts: number; readonly digest: bigint; readonly uid: number; readonly gid: number};

// 48 bits of the SHA-256 of what the vassal gets: a config edited under the same ts is still a new version
const digestOf = (row: PgVassalRow): bigint =>
	BigInt(`0x${createHash('sha256').update(`${row.text}\0${row.socket ?? ''}\0${(row.issues ?? []).map(issue => issue.message).join('\n')}`).digest('hex').slice(0, 12)}`);

// a row as a file fingerprint: ts is its mtime, the digest its inode, uid and gid its owner (tyrant mode)
const fingerprintOfRow = (row: PgVassalRow, reported: PgReported): FileFingerprint => ({
	mtimeNs: BigInt(reported.ts) * 1_000_000_000n,
	size: BigInt(Buffer.byteLength(row.text)),
	ino: reported.digest,
	uid: reported.uid,
	gid: reported.gid,
	mode: 0o600,
	isSymlink: false,
});

export type PgReconcile = {readonly observations: readonly FileObservation[]; readonly reported: ReadonlyMap<string, PgReported>};

// a successful read against what was reported: a new row is added, a later ts or another config reloads (uWSGI
// reloads on a later ts only), another uid or gid restarts as that owner, a name no longer returned is removed;
// an earlier ts with the same config changes nothing, as in uWSGI
export const reconcilePgRows = (previous: ReadonlyMap<string, PgReported>, rows: readonly PgVassalRow[]): PgReconcile => {
	const observations: FileObservation[] = [];
	const reported = new Map<string, PgReported>();
	for (const row of rows) {
		const before = previous.get(row.name);
		const digest = digestOf(row);
		const isNewer = before === undefined || row.ts > before.ts || digest !== before.digest;
		const isNewOwner = before !== undefined && (row.uid !== before.uid || row.gid !== before.gid);
		const next: PgReported = isNewer ? {ts: row.ts, digest, uid: row.uid, gid: row.gid} : {...before, uid: row.uid, gid: row.gid};
		reported.set(row.name, next);
		if (!isNewer && !isNewOwner) continue;
		observations.push({name: row.name, fingerprint: fingerprintOfRow(row, next), content: {text: row.text, socket: row.socket, issues: row.issues}});
	}
	for (const name of previous.keys()) if (!reported.has(name)) observations.push({name, fingerprint: undefined});
	return {observations, reported};
};
