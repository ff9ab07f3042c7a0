// the rows of a pg:// spec as vassals to check: one read of the query, each usable row a target with its text
import type {ConfigIssue} from '../config/config-issue.js';
import {redactSecrets, passwordOf} from '../sources/conninfo-redact.js';
import {findPgPassword, openPgClient, queryPgValues} from '../sources/pg-client.js';
import {readPgRows} from '../sources/pg-rows.js';
import {resolvePgSource} from '../sources/pg-source.js';
import type {SourceSpec} from '../sources/source-spec.js';
import type {CollectedFiles} from './collect-vassal-files.js';

const problem = (file: string, code: string, message: string): ConfigIssue => ({file, code, severity: 'error', message});

// connects once, reads the rows, and makes a target of each (rows without a usable name are issues of the spec)
export const collectPgRows = async (source: Extract<SourceSpec, {kind: 'pg'}>, cwd: string, isTyrant = false): Promise<CollectedFiles> => {
	let target;
	try {
		target = resolvePgSource({spec: source.spec, conninfo: source.conninfo, query: source.query, channel: '', freqSeconds: 1, isTyrant});
	} catch (error) {
		return {targets: [], issues: [problem(source.spec, 'CHECK_PG_SPEC', (error as Error).message)]};
	}
	const found = await findPgPassword(target);
	const sql = await openPgClient(target, found.password);
	try {
		const {values, columnCount} = await queryPgValues(sql, source.query);
		const read = readPgRows(values, columnCount, isTyrant);
		if (!read.ok) return {targets: [], issues: [problem(source.spec, 'CHECK_PG_QUERY', read.error)]};
		return {
			targets: read.rows.map(row => ({directory: cwd, name: row.name, display: `row ${row.name}`, text: row.text, issues: row.issues})),
			issues: read.problems.map(message => ({file: source.spec, code: 'CHECK_PG_ROW_IGNORED', severity: 'warning' as const, message})),
		};
	} catch (error) {
		const message = redactSecrets((error as Error).message, [passwordOf(source.conninfo), found.password]);
		return {targets: [], issues: [problem(source.spec, 'CHECK_PG_UNREACHABLE', `cannot read the rows: ${message}`)]};
	} finally {
		await sql.end({timeout: 0}).catch(() => {});
	}
};
