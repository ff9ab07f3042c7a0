// a vassal's line as a terminal shows it: time, the vassal's name in its colour, a bar, the line
import {chooseVassalColour} from './vassal-colour.js';
import type {OutputStream} from './line-ring.js';

/** names are padded to this width so that the lines of several vassals start in one column */
const NAME_WIDTH = 12;

// HH:MM:ss.l in local time, as the emperor's own pretty lines show it
export const formatClock = (time: number): string => {
	const date = new Date(time);
	const two = (value: number) => String(value).padStart(2, '0');
	return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}.${String(date.getMilliseconds()).padStart(3, '0')}`;
};

// strips what would let a vassal move the cursor or change colours on the operator's terminal
// (ESC and the other C0 controls, tab excepted)
// eslint-disable-next-line no-control-regex
const CONTROLS = /\u001b\[[0-9;?]*[ -/]*[@-~]|[\u0000-\u0008\u000b-\u001f\u007f]/g;

// one line for the terminal, with its newline (stdout and stderr lines look alike, as in a terminal of their own)
export const formatPrettyLine = (name: string, _stream: OutputStream, text: string, time: number, isColour: boolean): string => {
	const padded = name.padEnd(NAME_WIDTH);
	const clean = text.replace(CONTROLS, '');
	if (!isColour) return `[${formatClock(time)}] ${padded} | ${clean}\n`;
	return `\u001b[2m[${formatClock(time)}]\u001b[22m \u001b[${chooseVassalColour(name)}m${padded} |\u001b[39m ${clean}\n`;
};

// the emperor's own message on a terminal: `emperor` in bold before it, so that it stands out among the vassals'
export const formatEmperorMessage = (message: string, isColour: boolean): string =>
	(isColour ? `\u001b[1memperor\u001b[22m ${message}` : `emperor ${message}`);
