import {readdir, stat} from 'node:fs/promises';
import {basename, dirname, join, resolve} from 'node:path';
import type {ConfigIssue} from '../config/config-issue.js';
import {existsSync} from 'node:fs';
import {isVassalName} from '../monitor/vassal-name.js';
import {redactConninfo} from '../sources/conninfo-redact.js';
import {expandGlob} from '../sources/glob-expand.js';
import {compileGlob} from '../sources/glob-pattern.js';
import {parseSourceSpec} from '../sources/source-spec.js';
import {collectPgRows} from './collect-pg-rows.js';

/** one file to check: where it is, and how to name it in messages (as the operator wrote it); a pg:// row has its text */
export type VassalFileTarget = {
	readonly directory: string;
	readonly name: string;
	readonly display: string;
	readonly text?: string | undefined;
	/** why the source refuses the row itself (too large, NULL config …) */
	readonly issues?: readonly ConfigIssue[] | undefined;
};

export type CollectedFiles = {readonly targets: readonly VassalFileTarget[]; readonly issues: readonly ConfigIssue[]};

// a file argument is checked whatever its name; a directory gives its vassals (`*.ini`, as the emperor picks them)
const collectOne = async (path: string): Promise<CollectedFiles> => {
	const source = parseSourceSpec(path);
	if (source.ok && source.source.kind === 'pg') return collectPgRows(source.source, process.cwd());
	if (!source.ok && /^pg:\/\//i.test(path)) return {targets: [], issues: [{file: redactConninfo(path), code: 'CHECK_PG_SPEC', severity: 'error', message: source.error}]};
	if (source.ok && source.source.kind === 'glob' && (path.startsWith('glob://') || !existsSync(path))) return collectGlob(source.source.pattern);
	try {
		const stats = await stat(path);
		if (!stats.isDirectory()) return {targets: [{directory: dirname(path), name: basename(path), display: path}], issues: []};
		const names = (await readdir(path)).filter(isVassalName).sort();
		return {targets: names.map(name => ({directory: path, name, display: join(path, name)})), issues: []};
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
		const message = code === 'ENOENT' ? 'no such file or directory' : `cannot be read (${code})`;
		return {targets: [], issues: [{file: path, code: 'CHECK_PATH_UNREADABLE', severity: 'error', message}]};
	}
};

// a glob's matches, as a glob source picks them (its *.ini files), named by their matched path
const collectGlob = (pattern: string): CollectedFiles => {
	const expansion = expandGlob(compileGlob(pattern), process.cwd());
	const matches = expansion.matches.filter(match => isVassalName(basename(match)) && existsSync(resolve(process.cwd(), match))).sort();
	const issues: ConfigIssue[] = expansion.errors.map(({directory, error}) => ({file: directory, code: 'CHECK_PATH_UNREADABLE', severity: 'error', message: error.message}));
	if (matches.length === 0) issues.push({file: pattern, code: 'CHECK_GLOB_NO_MATCH', severity: 'warning', message: 'matches no vassal file'});
	return {targets: matches.map(match => ({directory: process.cwd(), name: match, display: match})), issues};
};

// the vassal files named by the command line, in the order given, each directory sorted by name
export const collectVassalFiles = async (paths: readonly string[]): Promise<CollectedFiles> => {
	const collected = await Promise.all(paths.map(collectOne));
	return {targets: collected.flatMap(one => one.targets), issues: collected.flatMap(one => one.issues)};
};
