import {readdir, stat} from 'node:fs/promises';
import {basename, dirname, join} from 'node:path';
import type {ConfigIssue} from '../config/config-issue.js';
import {isVassalName} from '../monitor/vassal-name.js';

/** one file to check: where it is, and how to name it in messages (as the operator wrote it) */
export type VassalFileTarget = {readonly directory: string; readonly name: string; readonly display: string};

export type CollectedFiles = {readonly targets: readonly VassalFileTarget[]; readonly issues: readonly ConfigIssue[]};

// a file argument is checked whatever its name; a directory gives its vassals (`*.ini`, as the emperor picks them)
const collectOne = async (path: string): Promise<CollectedFiles> => {
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

// the vassal files named by the command line, in the order given, each directory sorted by name
export const collectVassalFiles = async (paths: readonly string[]): Promise<CollectedFiles> => {
	const collected = await Promise.all(paths.map(collectOne));
	return {targets: collected.flatMap(one => one.targets), issues: collected.flatMap(one => one.issues)};
};
