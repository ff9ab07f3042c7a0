// what a vassal's stdout and stderr become: journald streams of its own under systemd, else pipes whose lines the
// emperor logs under the vassal's name; and, after its exit, the wait for the last lines it wrote
import type {Readable} from 'node:stream';
import {vassalIdentifier} from '../sources/vassal-name.js';
import {makeHeldPipes, type HeldPipes} from './held-pipes.js';
import {isStderrJournal, openJournalStream, STDERR_PRIORITY, STDOUT_PRIORITY, type JournalStream} from './journal-stream.js';
import {makeLineSplitter} from './line-splitter.js';
import type {OutputStream} from './line-ring.js';
import {recordVassalLine, setKeepsRings} from './vassal-lines.js';

/** after a vassal's exit, its pipes are read to their end for at most this long (a setsid grandchild may keep them open) */
export const DRAIN_LIMIT_MS = 500;

let journalMode: boolean | undefined;

// true when vassals write to the journal themselves (decided once, at the first spawn)
export const isJournalMode = (): boolean => {
	if (journalMode === undefined) {
		journalMode = isStderrJournal();
		setKeepsRings(!journalMode);
	}
	return journalMode;
};

// tests: decide again (or force) whether vassals write to the journal
export const resetJournalMode = (forced?: boolean): void => {
	journalMode = forced;
	if (forced !== undefined) setKeepsRings(!forced);
};

export type OutputPlan = {
	/** the spawn's stdio entries 1 and 2 */
	readonly stdio: readonly [number | 'pipe', number | 'pipe'];
	/** stdio entries to append after the vassal's others: the read ends of its pipes, which it holds too */
	readonly heldReadEnds: readonly number[];
	/** the pipes the emperor made (see held-pipes.ts); without them the spawn makes its own */
	readonly held?: HeldPipes | undefined;
	/** which of stdout and stderr are pipes the emperor reads */
	readonly isPipe: readonly [boolean, boolean];
	/** the journal streams opened for it, which the emperor's copies close after the spawn */
	readonly journal: readonly (JournalStream | undefined)[];
	/** the lines pass through the emperor (a pipe), which a program's `ready = log:` needs */
	readonly piped: boolean;
};

// chooses the stdio of a vassal's output: under systemd a journal stream per stream named after the vassal (unless
// the emperor must see the lines: then pipes, which it forwards to such streams of its own), else pipes
export const planVassalOutput = (name: string, mustSee = false): OutputPlan => {
	if (!isJournalMode()) return holdPipes(['pipe', 'pipe'], [], true);
	const identifier = vassalIdentifier(name);
	const journal = [openJournalStream(identifier, STDOUT_PRIORITY), openJournalStream(identifier, STDERR_PRIORITY)];
	if (mustSee) return holdPipes(['pipe', 'pipe'], journal, true);
	return holdPipes([journal[0]?.fd ?? 'pipe', journal[1]?.fd ?? 'pipe'], journal, journal.some(stream => stream === undefined));
};

// the plan with the emperor's own pipes in place of 'pipe' entries, where the addon can make them
const holdPipes = (stdio: readonly [number | 'pipe', number | 'pipe'], journal: readonly (JournalStream | undefined)[], piped: boolean): OutputPlan => {
	const held = makeHeldPipes(stdio);
	const isPipe = [stdio[0] === 'pipe', stdio[1] === 'pipe'] as const;
	return {stdio: held?.stdio ?? stdio, heldReadEnds: held?.readEnds ?? [], held, isPipe, journal, piped};
};

export type AttachedOutput = {
	/** what the emperor reads of the vassal's stdout and stderr (null where it wrote elsewhere) */
	readonly streams: readonly [Readable | null, Readable | null];
	/** calls back once both pipes reached their end, or DRAIN_LIMIT_MS after this call; at once when nothing is piped */
	readonly whenDrained: (callback: () => void) => void;
};

// reads one pipe line by line: to a journal stream of the emperor's (backpressure pauses the pipe), else to the log
const readPipe = (name: string, stream: OutputStream, from: Readable, journal: JournalStream | undefined, onLine?: (line: string) => void): void => {
	const splitter = makeLineSplitter(line => {
		onLine?.(line);
		if (journal === undefined) return recordVassalLine(name, stream, line);
		if (!journal.socket.write(`${line}\n`) && !from.isPaused()) {
			from.pause();
			journal.socket.once('drain', () => from.resume());
		}
	});
	from.on('data', (chunk: Buffer | string) => splitter.push(chunk));
	from.once('end', () => {
		splitter.flush();
		journal?.socket.end();
	});
	from.on('error', () => {});
};

// hooks a spawned vassal's pipes (stdout, stderr as the plan made them, or as the spawn made them) to its log;
// onLine sees every line
export const attachVassalOutput = (name: string, plan: OutputPlan, spawned: readonly [Readable | null | undefined, Readable | null | undefined], onLine?: (line: string) => void): AttachedOutput => {
	const open = new Set<Readable>();
	const pipes = plan.held?.adopt() ?? [spawned[0] ?? null, spawned[1] ?? null];
	(['stdout', 'stderr'] as const).forEach((stream, index) => {
		const journal = plan.journal[index];
		const pipe = pipes[index];
		// the child has its own copy of a journal stream it was given; the emperor keeps one only to forward a pipe
		if (journal !== undefined && !plan.isPipe[index]) journal.socket.destroy();
		if (pipe === null || pipe === undefined) return;
		open.add(pipe);
		pipe.once('close', () => open.delete(pipe));
		readPipe(name, stream, pipe, plan.isPipe[index] ? journal : undefined, onLine);
	});
	return {
		streams: pipes,
		whenDrained(callback) {
			if (open.size === 0) return callback();
			let isCalled = false;
			const once = () => {
				if (isCalled) return;
				isCalled = true;
				clearTimeout(timer);
				callback();
			};
			const timer = setTimeout(once, DRAIN_LIMIT_MS);
			for (const pipe of open) {
				pipe.once('close', () => {
					if (open.size === 0) once();
				});
			}
		},
	};
};

// closes the emperor's copies of a plan's journal streams when the spawn failed
export const abandonVassalOutput = (plan: OutputPlan): void => {
	plan.held?.abandon();
	for (const journal of plan.journal) journal?.socket.destroy();
};
