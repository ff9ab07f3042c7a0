// when to respawn a vassal that died: pure, takes the clock and the randomness as arguments

export type RestartPolicy = {
	/** first backoff step, ms (uWSGI --emperor-throttle) */
	readonly throttleMs: number;
	/** backoff cap, ms (uWSGI --emperor-max-throttle) */
	readonly maxThrottleMs: number;
	/** an uptime at least this long makes a death "not quick": immediate respawn, backoff reset */
	readonly stableUptimeMs: number;
	/** relative jitter applied to each delay, 0.1 = ±10 % */
	readonly jitter: number;
};

export type RespawnDecision =
	| {readonly action: 'exile'}
	| {readonly action: 'respawn'; readonly quickDeaths: number; readonly delayMs: number};

// uWSGI's exile status: the vassal asks not to be respawned
export const EXILE_CODE = 26;

// the delay before the n-th consecutive quick respawn: exponential from throttle, capped, jittered
export const computeBackoffDelay = (quickDeaths: number, policy: RestartPolicy, random: number): number => {
	if (quickDeaths <= 0) return 0;
	const exponent = Math.min(quickDeaths - 1, 30);
	const base = Math.min(policy.maxThrottleMs, policy.throttleMs * 2 ** exponent);
	const jittered = base * (1 + policy.jitter * (2 * random - 1));
	return Math.max(1, Math.round(Math.min(policy.maxThrottleMs, jittered)));
};

// decides what a vassal's death means: exile, immediate respawn after a stable run, or a growing delay
export const decideRespawn = (
	death: {readonly code: number | null; readonly uptimeMs: number; readonly quickDeaths: number},
	policy: RestartPolicy,
	random: number,
): RespawnDecision => {
	if (death.code === EXILE_CODE) return {action: 'exile'};
	if (death.uptimeMs >= policy.stableUptimeMs) return {action: 'respawn', quickDeaths: 0, delayMs: 0};
	const quickDeaths = death.quickDeaths + 1;
	return {action: 'respawn', quickDeaths, delayMs: computeBackoffDelay(quickDeaths, policy, random)};
};
