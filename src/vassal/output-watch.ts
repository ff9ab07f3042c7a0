// `ready = log:REGEX`: the program's output passes through the emperor (src/output), which watches its lines for the pattern
import type {Readable} from 'node:stream';

/** a line longer than this is matched on its first part only: a chatty program never grows the emperor's memory */
export const MAX_WATCHED_LINE = 16 * 1024;

// calls onMatch once a line matches; returns a function that only matches a line (of at most maxLine characters)
export const makeLineMatcher = (pattern: RegExp, onMatch: () => void, maxLine = MAX_WATCHED_LINE) => {
	let partial = '';
	let isDone = false;
	return (text: string): void => {
		if (isDone) return;
		const lines = (partial + text).split('\n');
		partial = lines.pop()!.slice(0, maxLine);
		for (const line of lines) {
			if (!pattern.test(line.slice(0, maxLine))) continue;
			isDone = true;
			onMatch();
			return;
		}
	};
};

// feeds a stream's text to the matcher (the lines themselves are logged by src/output, which reads the same pipe)
const watch = (from: Readable | null, match: (text: string) => void) => {
	if (from === null) return;
	from.setEncoding('utf8');
	from.on('data', (text: string) => match(text));
	from.on('error', () => {});
};

// watches a program's stdout and stderr for a line matching pattern; returns a stop function
export const watchOutputFor = ([stdout, stderr]: readonly [Readable | null, Readable | null], pattern: RegExp, onMatch: () => void): (() => void) => {
	let isStopped = false;
	const once = () => {
		if (isStopped) return;
		isStopped = true;
		onMatch();
	};
	// one matcher per stream: a line is never made of the ends of two
	watch(stdout, makeLineMatcher(pattern, once));
	watch(stderr, makeLineMatcher(pattern, once));
	return () => {
		isStopped = true;
	};
};
