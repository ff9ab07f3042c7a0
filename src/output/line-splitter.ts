// cuts a vassal's output into lines: at each newline, and at MAX_LINE_BYTES for a line that has none
/** a longer line is cut into pieces of this many bytes (on a UTF-8 character boundary): none is lost, none grows the emperor */
export const MAX_LINE_BYTES = 16 * 1024;

export type LineSplitter = {
	/** takes the next bytes; calls onLine for every line they complete */
	readonly push: (chunk: Buffer | string) => void;
	/** the stream ended: a last line without a newline is a line too */
	readonly flush: () => void;
};

// where a piece of at most max bytes may end without cutting a UTF-8 character in two
export const findCutPoint = (bytes: Buffer, max: number): number => {
	if (bytes.length <= max) return bytes.length;
	let cut = max;
	// 0b10xxxxxx is a continuation byte: back up to the start of its character (at most 3 bytes)
	while (cut > max - 3 && cut > 0 && ((bytes[cut] ?? 0) & 0xc0) === 0x80) cut--;
	return cut > 0 ? cut : max;
};

// the text of one line, without its newline and a carriage return before it
const decodeLine = (bytes: Buffer): string => {
	const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
	return bytes.toString('utf8', 0, end);
};

// a splitter holding at most maxBytes of an unfinished line between chunks
export const makeLineSplitter = (onLine: (line: string) => void, maxBytes = MAX_LINE_BYTES): LineSplitter => {
	let partial: Buffer | undefined;
	const emitLong = (bytes: Buffer): Buffer => {
		let rest = bytes;
		while (rest.length > maxBytes) {
			const cut = findCutPoint(rest, maxBytes);
			onLine(rest.toString('utf8', 0, cut));
			rest = rest.subarray(cut);
		}
		return rest;
	};
	return {
		push(chunk) {
			let bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
			if (partial !== undefined) {
				bytes = Buffer.concat([partial, bytes]);
				partial = undefined;
			}
			let start = 0;
			for (let newline = bytes.indexOf(0x0a); newline !== -1; newline = bytes.indexOf(0x0a, start)) {
				const line = bytes.subarray(start, newline);
				onLine(decodeLine(line.length > maxBytes ? emitLong(line) : line));
				start = newline + 1;
			}
			if (start === bytes.length) return;
			const rest = emitLong(bytes.subarray(start));
			// a copy: the unfinished line must not keep the whole chunk (up to 64 KiB) alive
			if (rest.length > 0) partial = Buffer.from(rest);
		},
		flush() {
			if (partial === undefined) return;
			const rest = partial;
			partial = undefined;
			onLine(decodeLine(rest));
		},
	};
};
