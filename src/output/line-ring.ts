// the recent lines of one vassal, bounded in count and bytes, for `emperor logs` outside systemd
export type OutputStream = 'stdout' | 'stderr';

export type OutputLine = {readonly seq: number; readonly time: number; readonly stream: OutputStream; readonly text: string};

/** at most this many lines per vassal… */
export const RING_MAX_LINES = 200;
/** …and at most this many bytes of text (plus ENTRY_OVERHEAD per line): 1000 vassals cost at most ~40 MB */
export const RING_MAX_BYTES = 32 * 1024;
/** what one entry costs besides its text, roughly (the object and its fields) */
const ENTRY_OVERHEAD = 64;

export type LineRing = {
	readonly push: (time: number, stream: OutputStream, text: string) => OutputLine;
	/** the lines after seq (all when it is 0), the last `limit` of them */
	readonly read: (after?: number, limit?: number) => OutputLine[];
	/** the seq of the newest line (0 before the first) */
	readonly lastSeq: () => number;
};

// an empty ring; the oldest lines go first when either bound is reached
export const makeLineRing = (maxLines = RING_MAX_LINES, maxBytes = RING_MAX_BYTES): LineRing => {
	const lines: OutputLine[] = [];
	let head = 0;
	let bytes = 0;
	let seq = 0;
	const cost = (line: OutputLine) => line.text.length + ENTRY_OVERHEAD;
	return {
		push(time, stream, text) {
			const line = {seq: ++seq, time, stream, text};
			lines.push(line);
			bytes += cost(line);
			while (lines.length - head > 1 && (lines.length - head > maxLines || bytes > maxBytes)) bytes -= cost(lines[head++]!);
			// the dropped entries are removed in one go, not one shift per line
			if (head > maxLines) {
				lines.splice(0, head);
				head = 0;
			}
			return line;
		},
		read(after = 0, limit = maxLines) {
			const kept = lines.slice(head).filter(line => line.seq > after);
			return kept.slice(Math.max(0, kept.length - limit));
		},
		lastSeq: () => seq,
	};
};
