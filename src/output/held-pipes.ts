// a vassal's stdout and stderr pipes, made by the emperor so that the vassal holds their read ends as well: once
// the emperor is gone (SIGKILL, OOM) a write to them never fails with EPIPE. uWSGI's SIGPIPE handler logs to
// stderr, which raised SIGPIPE again: a worker whose master had died spun on that for ever (docs/orphans.md)
import {closeSync} from 'node:fs';
import {Socket} from 'node:net';
import type {Readable} from 'node:stream';
import {nativeFunctions} from '../on-demand/native-socket.js';

const findPipeNative = nativeFunctions<{makePipe: () => [number, number]}>('makePipe');

export type HeldPipes = {
	/** the stdio entries 1 and 2: a write end where a pipe was asked for, else the entry as it was */
	readonly stdio: readonly [number | 'pipe', number | 'pipe'];
	/** the read ends, as extra stdio entries after the vassal's others: the vassal keeps them open */
	readonly readEnds: readonly number[];
	/** after the spawn: closes the emperor's write ends, returns what it reads (stdout, stderr; null where no pipe) */
	readonly adopt: () => [Readable | null, Readable | null];
	/** the spawn failed: closes every end */
	readonly abandon: () => void;
};

const closeQuietly = (fd: number): void => {
	try {
		closeSync(fd);
	} catch {}
};

// replaces the 'pipe' entries of stdio by pipes of the emperor's; undefined when there is none to make or the
// addon (which makes them) was not built: then the spawn makes its own pipes, as before
export const makeHeldPipes = (stdio: readonly [number | 'pipe', number | 'pipe']): HeldPipes | undefined => {
	const make = stdio.includes('pipe') ? findPipeNative()?.makePipe : undefined;
	if (make === undefined) return undefined;
	const pairs: Array<[number, number] | undefined> = [];
	try {
		for (const entry of stdio) pairs.push(entry === 'pipe' ? make() : undefined);
	} catch {
		for (const pair of pairs) pair?.forEach(closeQuietly);
		return undefined;
	}
	const [out, err] = pairs;
	return {
		stdio: [out?.[1] ?? stdio[0], err?.[1] ?? stdio[1]],
		readEnds: pairs.flatMap(pair => (pair === undefined ? [] : [pair[0]])),
		adopt() {
			for (const pair of pairs) if (pair !== undefined) closeQuietly(pair[1]);
			const [stdout = null, stderr = null] = pairs.map(pair => (pair === undefined ? null : new Socket({fd: pair[0], readable: true, writable: false})));
			return [stdout, stderr];
		},
		abandon() {
			for (const pair of pairs) pair?.forEach(closeQuietly);
		},
	};
};
