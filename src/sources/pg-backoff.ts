// how long a pg:// source waits before its next connection attempt: 0.5 s doubling to 30 s, with ±20 % jitter so
// that a fleet of emperors does not reconnect in step after the database comes back
const FIRST_MS = 500;
const MAX_MS = 30_000;
const JITTER = 0.2;

// the delay before attempt number `attempt` (0 for the first retry); random in [0, 1)
export const nextBackoffMs = (attempt: number, random: () => number = Math.random): number => {
	const base = Math.min(MAX_MS, FIRST_MS * 2 ** Math.min(attempt, 16));
	return Math.round(base * (1 - JITTER + 2 * JITTER * random()));
};
