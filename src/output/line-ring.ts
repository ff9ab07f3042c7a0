// the recent lines of one vassal, bounded in count and bytes, for `emperor logs` outside systemd. The lines are
// kept as bytes in one buffer of the vassal's (not as JavaScript strings and objects, which cost the emperor's
// heap ~5 times their text: measured at 1000 vassals of 50 lines each, 32 MB as objects)
export type OutputStream = 'stdout' | 'stderr';

export type OutputLine = {readonly seq: number; readonly time: number; readonly stream: OutputStream; readonly text: string};

/** at most this many lines per vassal… */
export const RING_MAX_LINES = 200;
/** …and at most this many bytes, headers included: 1000 vassals that all write cost at most ~32 MB */
export const RING_MAX_BYTES = 32 * 1024;
/** the buffer starts this small and doubles as the lines need it, up to the maximum */
const FIRST_CAPACITY = 2048;
/** time (float64), stream (uint8), length of the text in bytes (uint16) */
const HEADER = 11;

export type LineRing = {
	readonly push: (time: number, stream: OutputStream, text: string) => OutputLine;
	/** the lines after seq (all when it is 0), the last `limit` of them */
	readonly read: (after?: number, limit?: number) => OutputLine[];
	/** the seq of the newest line (0 before the first) */
	readonly lastSeq: () => number;
};

// an empty ring; the oldest lines go first when either bound is reached
export const makeLineRing = (maxLines = RING_MAX_LINES, maxBytes = RING_MAX_BYTES): LineRing => {
	let data = Buffer.allocUnsafeSlow(Math.min(FIRST_CAPACITY, maxBytes));
	/** the oldest entry starts at start, the free space at end */
	let start = 0;
	let end = 0;
	let count = 0;
	let seq = 0;
	const dropOldest = () => {
		start += HEADER + data.readUInt16LE(start + 9);
		count--;
	};
	const makeRoom = (need: number) => {
		while (count >= maxLines) dropOldest();
		if (end + need <= data.length) return;
		let capacity = data.length;
		while (capacity < maxBytes && end - start + need > capacity) capacity = Math.min(maxBytes, capacity * 2);
		while (end - start + need > capacity) dropOldest();
		const next = capacity === data.length ? data : Buffer.allocUnsafeSlow(capacity);
		data.copy(next, 0, start, end);
		data = next;
		end -= start;
		start = 0;
	};
	return {
		push(time, stream, text) {
			let bytes = Buffer.byteLength(text);
			if (HEADER + bytes > maxBytes) bytes = maxBytes - HEADER;
			makeRoom(HEADER + bytes);
			data.writeDoubleLE(time, end);
			data[end + 8] = stream === 'stderr' ? 1 : 0;
			const written = data.write(text, end + HEADER, bytes, 'utf8');
			data.writeUInt16LE(written, end + 9);
			end += HEADER + written;
			count++;
			return {seq: ++seq, time, stream, text};
		},
		read(after = 0, limit = maxLines) {
			const lines: OutputLine[] = [];
			let lineSeq = seq - count;
			for (let offset = start; offset < end;) {
				const length = data.readUInt16LE(offset + 9);
				lineSeq++;
				if (lineSeq > after) {
					lines.push({seq: lineSeq, time: data.readDoubleLE(offset), stream: data[offset + 8] === 1 ? 'stderr' : 'stdout', text: data.toString('utf8', offset + HEADER, offset + HEADER + length)});
				}
				offset += HEADER + length;
			}
			return lines.slice(Math.max(0, lines.length - limit));
		},
		lastSeq: () => seq,
	};
};
