// small statistics and a side-by-side table for benchmark output

export type Summary = {readonly count: number; readonly median: number; readonly p95: number; readonly max: number; readonly mean: number};

const percentile = (sorted: readonly number[], fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;

// median, 95th percentile, max and mean of a list of figures
export const summarize = (values: readonly number[]): Summary => {
	const sorted = [...values].sort((a, b) => a - b);
	const mean = sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length);
	return {count: sorted.length, median: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), max: sorted.at(-1) ?? Number.NaN, mean};
};

const format = (value: number) => (Number.isFinite(value) ? (Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(1)) : '-');

// prints one row per statistic and one column per scenario, plus the ratio of the last to the first
export const printTable = (title: string, columns: readonly string[], summaries: readonly Summary[]): void => {
	const rows: string[][] = [['', ...columns, ...(summaries.length === 2 ? ['ratio'] : [])]];
	for (const key of ['median', 'p95', 'max', 'mean'] as const) {
		const values = summaries.map(summary => summary[key]);
		const ratio = summaries.length === 2 ? [format(values[1]! / values[0]!)] : [];
		rows.push([key, ...values.map(format), ...ratio]);
	}
	const widths = rows[0]!.map((_, index) => Math.max(...rows.map(row => row[index]!.length)));
	console.log(`\n${title}`);
	for (const row of rows) console.log(row.map((cell, index) => cell.padStart(widths[index]!)).join('  '));
};
