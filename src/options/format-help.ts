// `emperor --help`: pure, from the flag table
import type {FlagSpec} from './cli-flags.js';

// the description column starts here; a longer flag puts its description on the next line
const DESCRIPTION_COLUMN = 32;
const INDENT = '  ';

// cuts text into lines of at most width characters, at spaces (a longer word gets a line of its own)
export const wrapText = (text: string, width: number): string[] => {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		if (line === '') line = word;
		else if (line.length + 1 + word.length <= width) line += ` ${word}`;
		else {
			lines.push(line);
			line = word;
		}
	}
	if (line !== '') lines.push(line);
	return lines;
};

// `--name VALUE` as the flag is written
export const spellFlag = (name: string, spec: FlagSpec): string => `--${name}${spec.kind === 'boolean' ? '' : ` ${spec.value}`}`;

// two aligned columns: the flags (each with what it expects) and their descriptions, wrapped to the width
export const formatFlagHelp = (flags: Readonly<Record<string, FlagSpec>>, width = 80): string[] => {
	const descriptionWidth = Math.max(20, width - DESCRIPTION_COLUMN);
	const pad = ' '.repeat(DESCRIPTION_COLUMN);
	return Object.entries(flags).flatMap(([name, spec]) => {
		const flag = `${INDENT}${spellFlag(name, spec)}`;
		const description = wrapText(spec.help, descriptionWidth);
		const fitsBeside = flag.length + 2 <= DESCRIPTION_COLUMN;
		const first = fitsBeside ? [`${flag.padEnd(DESCRIPTION_COLUMN)}${description[0] ?? ''}`] : [flag, `${pad}${description[0] ?? ''}`];
		return [...first, ...description.slice(1).map(line => `${pad}${line}`)];
	});
};

const COMMANDS: readonly (readonly [string, string])[] = [
	['emperor --vassals DIR [options]', 'watch DIR, run one app server (uwsgi --ini NAME) per *.ini file'],
	['emperor --ini FILE', 'the same, with options from an emperor ini'],
	['emperor status [--json]', 'the vassals of the running emperor (it is found by itself)'],
	['emperor reload|stop|retry NAME', 'steer one vassal of the running emperor'],
	['emperor logs NAME [-f] [-n N]', "a vassal's recent output lines, then with -f each new one"],
	['emperor check PATH...', 'check vassal files as the emperor would, like nginx -t'],
];

// the whole help text
export const formatHelp = (flags: Readonly<Record<string, FlagSpec>>, width = 80): string => {
	const commandColumn = Math.max(...COMMANDS.map(([command]) => command.length)) + 4;
	const commands = COMMANDS.flatMap(([command, what]) => {
		const lines = wrapText(what, Math.max(20, width - commandColumn));
		return [`${`${INDENT}${command}`.padEnd(commandColumn)}${lines[0]}`, ...lines.slice(1).map(line => `${' '.repeat(commandColumn)}${line}`)];
	});
	const footer = 'When several emperors run, status, reload, stop, retry and logs pick one with --vassals DIR or --control PATH.';
	return `usage:\n${commands.join('\n')}\n\noptions:\n${formatFlagHelp(flags, width).join('\n')}\n\n${wrapText(footer, width).join('\n')}\n`;
};
