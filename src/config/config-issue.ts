// a problem found in a vassal file, as data; text is only a rendering of it
export type ConfigIssue = {
	readonly file: string;
	readonly line?: number;
	readonly key?: string;
	/** stable code, e.g. VASSAL_FILE_TOO_LARGE */
	readonly code: string;
	/** error: the file is rejected; warning: accepted, probably a mistake; info: a note (a construct not evaluated) */
	readonly severity: 'error' | 'warning' | 'info';
	readonly message: string;
	/** what a valid value looks like, for issues about a value */
	readonly expected?: string;
	/** the value found, as written (after placeholder expansion) */
	readonly found?: string;
};

// renders an issue as `vassals/app.ini:7: processes: expected …`
export const formatConfigIssue = (issue: ConfigIssue): string => {
	const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}`;
	const key = issue.key === undefined ? '' : ` ${issue.key}:`;
	return `${where}:${key} ${issue.message}`;
};

// true when at least one issue rejects the file
export const hasErrors = (issues: readonly ConfigIssue[]): boolean => issues.some(issue => issue.severity === 'error');

// makes an issue of one [uwsgi] entry
export const makeEntryIssue = (
	file: string,
	entry: {readonly key: string; readonly line: number},
	severity: ConfigIssue['severity'],
	code: string,
	message: string,
	extra: {expected?: string; found?: string} = {},
): ConfigIssue => ({file, line: entry.line, key: entry.key, code, severity, message, ...extra});
