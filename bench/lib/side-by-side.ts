// the benchmark table: each measure under emperor and under uwsgi --emperor, median and max, and their ratio
import {formatFigure, renderMarkdownTable, summarize} from './summary.js';

/** one measure taken under both supervisors; several values are repeated trials */
export type Comparison = {
	readonly measure: string;
	readonly unit: string;
	readonly emperor: readonly number[];
	readonly uwsgi: readonly number[];
};

const describe = (values: readonly number[]) => {
	const {median, max, count} = summarize(values);
	return {median, max, count};
};

// renders comparisons as markdown: median and max under each supervisor, and uWSGI ÷ emperor for both
export const renderComparisons = (title: string, comparisons: readonly Comparison[]): string => {
	const rows = [['measure', 'unit', 'n', 'emperor median', 'emperor max', 'uWSGI median', 'uWSGI max', 'uWSGI ÷ emperor (median)', 'uWSGI ÷ emperor (max)']];
	for (const {measure, unit, emperor, uwsgi} of comparisons) {
		const ours = describe(emperor);
		const theirs = describe(uwsgi);
		const count = ours.count === theirs.count ? String(ours.count) : `${ours.count}/${theirs.count}`;
		rows.push([
			measure, unit, count,
			formatFigure(ours.median), formatFigure(ours.max), formatFigure(theirs.median), formatFigure(theirs.max),
			`${formatFigure(theirs.median / ours.median)}×`, `${formatFigure(theirs.max / ours.max)}×`,
		]);
	}
	return `### ${title}\n\n${renderMarkdownTable(rows)}\n`;
};

// renders single-supervisor figures (no uWSGI counterpart) as markdown: median and max of each
export const renderFigures = (title: string, figures: readonly {measure: string; unit: string; values: readonly number[]}[]): string => {
	const rows = [['measure', 'unit', 'n', 'median', 'max']];
	for (const {measure, unit, values} of figures) {
		const {median, max, count} = describe(values);
		rows.push([measure, unit, String(count), formatFigure(median), formatFigure(max)]);
	}
	return `### ${title}\n\n${renderMarkdownTable(rows)}\n`;
};
