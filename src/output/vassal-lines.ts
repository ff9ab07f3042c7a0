// where a vassal's lines go: the emperor's log (through the sink the logger sets) and the vassal's ring for `emperor logs`
import {makeLineRing, type LineRing, type OutputLine, type OutputStream} from './line-ring.js';

/** writes one vassal line to the emperor's log */
export type VassalLineSink = (name: string, stream: OutputStream, text: string, time: number) => void;

// until a logger sets one: JSON lines on stdout, as the JSON logger writes them
const writeJsonLine: VassalLineSink = (name, stream, text, time) => {
	process.stdout.write(`${JSON.stringify({level: 30, time: new Date(time).toISOString(), event: 'vassal-output', vassal: name, stream, msg: text})}\n`);
};

let sink: VassalLineSink = writeJsonLine;
/** a ring per vassal, made at its first line */
const rings = new Map<string, LineRing>();
let keepsRings = true;
type Follower = (line: OutputLine) => void;
const followers = new Map<string, Set<Follower>>();

// sets where vassal lines are logged (the logger calls it when it is made)
export const setVassalLineSink = (next: VassalLineSink): void => {
	sink = next;
};

// keeps rings (the default) or not (under systemd the journal keeps the lines)
export const setKeepsRings = (keeps: boolean): void => {
	keepsRings = keeps;
};

// logs one line of a vassal and keeps it in the vassal's ring
export const recordVassalLine = (name: string, stream: OutputStream, text: string, time = Date.now()): void => {
	sink(name, stream, text, time);
	if (!keepsRings) return;
	let ring = rings.get(name);
	if (ring === undefined) {
		ring = makeLineRing();
		rings.set(name, ring);
	}
	const line = ring.push(time, stream, text);
	for (const follower of followers.get(name) ?? []) follower(line);
};

// the vassal's recent lines after seq, the last `limit` of them; undefined when it never wrote a line
export const readVassalLines = (name: string, after = 0, limit?: number): {lines: OutputLine[]; last: number} | undefined => {
	const ring = rings.get(name);
	if (ring === undefined) return undefined;
	return {lines: ring.read(after, limit), last: ring.lastSeq()};
};

// calls onLine for every new line of the vassal; returns the function that stops it
export const followVassalLines = (name: string, onLine: Follower): (() => void) => {
	let set = followers.get(name);
	if (set === undefined) {
		set = new Set();
		followers.set(name, set);
	}
	set.add(onLine);
	return () => {
		set.delete(onLine);
		if (set.size === 0) followers.delete(name);
	};
};

// drops a vassal's ring (tests, and a vassal the emperor forgot)
export const forgetVassalLines = (name: string): void => {
	rings.delete(name);
};
