import {formatConfigIssue, type ConfigIssue} from '../config/config-issue.js';
import type {FileVerdict} from './check-vassals.js';

export type CheckCounts = {readonly files: number; readonly errors: number; readonly warnings: number; readonly notes: number};

// how many files and issues of each severity
export const countIssues = (verdicts: readonly FileVerdict[], extra: readonly ConfigIssue[] = []): CheckCounts => {
	const issues = [...extra, ...verdicts.flatMap(verdict => verdict.issues)];
	const count = (severity: ConfigIssue['severity']) => issues.filter(issue => issue.severity === severity).length;
	return {files: verdicts.length, errors: count('error'), warnings: count('warning'), notes: count('info')};
};

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

// one line per issue (an error as is, a warning or note tagged), then `emperor check: 3 files, 1 error, 2 warnings`
export const formatCheckText = (verdicts: readonly FileVerdict[], extra: readonly ConfigIssue[] = []): string => {
	const tag = {error: '', warning: ' (warning)', info: ' (note)'} as const;
	const lines = [...extra, ...verdicts.flatMap(verdict => verdict.issues)].map(issue => `${formatConfigIssue(issue)}${tag[issue.severity]}`);
	const counts = countIssues(verdicts, extra);
	const parts = [plural(counts.files, 'file'), plural(counts.errors, 'error'), plural(counts.warnings, 'warning')];
	if (counts.notes > 0) parts.push(plural(counts.notes, 'note'));
	return [...lines, `emperor check: ${parts.join(', ')}`].join('\n') + '\n';
};

// the same as JSON: {files: [{file, ok, issues}], errors, warnings, notes}, for CI pipelines
export const formatCheckJson = (verdicts: readonly FileVerdict[], extra: readonly ConfigIssue[] = []): string => {
	const {errors, warnings, notes} = countIssues(verdicts, extra);
	return `${JSON.stringify({ok: errors === 0, errors, warnings, notes, files: verdicts, issues: extra}, null, 2)}\n`;
};
