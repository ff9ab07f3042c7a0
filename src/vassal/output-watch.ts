// `ready = log:REGEX`: the program's output passes through the emperor, which watches its lines for the pattern
import type {ChildProcess} from 'node:child_process';
import type {Readable, Writable} from 'node:stream';

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

// passes a stream on to the emperor's own (backpressure included: a full terminal slows the program, not the emperor)
const forward = (from: Readable | null, to: Writable, match: (text: string) => void) => {
	if (from === null) return;
	from.setEncoding('utf8');
	from.on('data', (text: string) => {
		match(text);
		if (!to.write(text)) {
			from.pause();
			to.once('drain', () => from.resume());
		}
	});
	from.on('error', () => {});
};

// watches a program's stdout and stderr for a line matching pattern, passing everything on; returns a stop function
export const watchOutputFor = (child: ChildProcess, pattern: RegExp, onMatch: () => void): (() => void) => {
	let isStopped = false;
	const once = () => {
		if (isStopped) return;
		isStopped = true;
		onMatch();
	};
	// one matcher per stream: a line is never made of the ends of two
	forward(child.stdout, process.stdout, makeLineMatcher(pattern, once));
	forward(child.stderr, process.stderr, makeLineMatcher(pattern, once));
	return () => {
		isStopped = true;
	};
};
