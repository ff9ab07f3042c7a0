// a problem found in a vassal file, as data; text is only a rendering of it
export type ConfigIssue = {
	readonly file: string;
	readonly line?: number;
	readonly key?: string;
	/** stable code, e.g. VASSAL_FILE_TOO_LARGE */
	readonly code: string;
	readonly severity: 'error' | 'warning';
	readonly message: string;
};

// renders an issue as `vassals/app.ini:7: processes: expected …`
export const formatConfigIssue = (issue: ConfigIssue): string => {
	const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}`;
	const key = issue.key === undefined ? '' : ` ${issue.key}:`;
	return `${where}:${key} ${issue.message}`;
};

// true when at least one issue rejects the file
export const hasErrors = (issues: readonly ConfigIssue[]): boolean => issues.some(issue => issue.severity === 'error');
