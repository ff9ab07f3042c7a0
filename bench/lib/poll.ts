// waiting on a condition that only polling can see (/proc, a socket): the condition ends the wait, not the delay
import {setTimeout as delay} from 'node:timers/promises';

export type PollOptions = {readonly intervalMs?: number; readonly timeoutMs?: number};

// calls check every intervalMs until it returns something other than undefined, and returns that
export const pollUntil = async <T>(what: string, check: () => T | undefined | Promise<T | undefined>, options: PollOptions = {}): Promise<T> => {
	const {intervalMs = 5, timeoutMs = 60_000} = options;
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await delay(intervalMs);
	}
};

// resolves after ms; the one place a benchmark waits on the clock itself (an idle window, a fixed-length run)
export const waitFor = (ms: number): Promise<void> => delay(ms);
