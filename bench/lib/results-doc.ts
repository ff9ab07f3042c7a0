// the results part of docs/benchmarks.md: one section per scenario, so that rerunning one scenario replaces only its
// own section, with its own date and load average, and keeps the others
import {existsSync, readFileSync, writeFileSync} from 'node:fs';

const BEGIN = '<!-- bench:results:begin -->';
const END = '<!-- bench:results:end -->';

// the `## NAME` sections between the markers, by NAME, in order
const readSections = (results: string): Map<string, string> => {
	const sections = new Map<string, string>();
	for (const section of results.split(/^(?=## )/m)) {
		const name = /^## (\S+)/.exec(section)?.[1];
		if (name !== undefined) sections.set(name, section.trimEnd());
	}
	return sections;
};

// writes the machine section and the given scenario sections, keeping the sections of scenarios not run this time
export const writeResults = (path: string, machine: string, scenarios: ReadonlyMap<string, string>): void => {
	const current = existsSync(path) ? readFileSync(path, 'utf8') : `# Benchmarks\n\n${BEGIN}\n${END}\n`;
	const begin = current.indexOf(BEGIN);
	const end = current.indexOf(END);
	const hasMarkers = begin !== -1 && end > begin;
	const sections = hasMarkers ? readSections(current.slice(begin + BEGIN.length, end)) : new Map<string, string>();
	sections.set('Machine', `## Machine\n\n${machine}`);
	for (const [name, text] of scenarios) sections.set(name, `## ${name}\n\n${text}`);
	const ordered = ['Machine', ...[...sections.keys()].filter(name => name !== 'Machine').sort()].map(name => sections.get(name)!);
	const results = `${BEGIN}\n${ordered.join('\n\n')}\n${END}`;
	writeFileSync(path, hasMarkers ? `${current.slice(0, begin)}${results}${current.slice(end + END.length)}` : `${current.trimEnd()}\n\n${results}\n`);
};
