// small statistics and side-by-side tables for benchmark output (markdown, so the runner can put it in docs/)

export type Summary = {readonly count: number; readonly median: number; readonly p95: number; readonly max: number; readonly mean: number};

const percentile = (sorted: readonly number[], fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;

// the middle value, or the mean of the two middle ones
const middle = (sorted: readonly number[]) =>
	sorted.length % 2 === 1 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;

// median, 95th percentile, max and mean of a list of figures
export const summarize = (values: readonly number[]): Summary => {
	const sorted = [...values].sort((a, b) => a - b);
	const mean = sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length);
	return {count: sorted.length, median: sorted.length === 0 ? Number.NaN : middle(sorted), p95: percentile(sorted, 0.95), max: sorted.at(-1) ?? Number.NaN, mean};
};

// a figure with three significant digits at most, or '-' when there is none
export const formatFigure = (value: number): string => {
	if (!Number.isFinite(value)) return '-';
	if (Math.abs(value) >= 100) return value.toFixed(0);
	return Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2);
};

// renders rows of cells as a markdown table; the first row is the header
export const renderMarkdownTable = (rows: readonly (readonly string[])[]): string => {
	const [header = [], ...body] = rows;
	const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
	return [line(header), line(header.map(() => '---')), ...body.map(line)].join('\n');
};

// prints one row per statistic and one column per scenario, plus the ratio of the last to the first
export const printTable = (title: string, columns: readonly string[], summaries: readonly Summary[]): void => {
	const rows: string[][] = [['', ...columns, ...(summaries.length === 2 ? ['ratio'] : [])]];
	for (const key of ['median', 'p95', 'max', 'mean'] as const) {
		const values = summaries.map(summary => summary[key]);
		const ratio = summaries.length === 2 ? [formatFigure(values[1]! / values[0]!)] : [];
		rows.push([key, ...values.map(formatFigure), ...ratio]);
	}
	console.log(`\n**${title}**\n\n${renderMarkdownTable(rows)}`);
};
