// when to respawn a vassal that died: pure, takes the clock and the randomness as arguments

export type RestartPolicy = {
	/** first backoff step, ms (uWSGI --emperor-throttle) */
	readonly throttleMs: number;
	/** backoff cap, ms (uWSGI --emperor-max-throttle) */
	readonly maxThrottleMs: number;
	/** an uptime at least this long counts as serving, even without byte 5 or 17 */
	readonly stableUptimeMs: number;
	/** relative jitter applied to each delay, 0.1 = ±10 % */
	readonly jitter: number;
	/** restart intensity: more than this many deaths of a serving vassal within the period back off (OTP's intensity) */
	readonly restartIntensity: number;
	/** the sliding window of the restart intensity, ms (OTP's period) */
	readonly restartPeriodMs: number;
	/** accepting is assumed from the start, not reported (a program with ready = started): only the stable uptime
	 * says it served */
	readonly isAcceptingAssumed?: boolean;
	/** exit statuses that mean "do not respawn" (a program vassal's exile-status); uWSGI's 26 when absent */
	readonly exileStatuses?: readonly number[];
};

/** why a death respawns now or waits: a serving vassal comes back at once, unless it dies too often */
export type RespawnReason = 'served' | 'never-served' | 'restart-intensity';

export type RespawnDecision =
	| {readonly action: 'exile'}
	| {
		readonly action: 'respawn';
		readonly reason: RespawnReason;
		readonly quickDeaths: number;
		readonly delayMs: number;
		/** when the vassal's recent deaths after serving happened, newest first, within the period */
		readonly recentDeaths: readonly number[];
	};

/** one death as the policy sees it */
export type Death = {
	readonly code: number | null;
	/** the process was accepting (byte 5), loyal (byte 17) or up for the stable uptime when it died */
	readonly hasServed: boolean;
	/** consecutive deaths that backed off so far */
	readonly quickDeaths: number;
	/** earlier deaths after serving, newest first */
	readonly recentDeaths: readonly number[];
};

// uWSGI's exile status: the vassal asks not to be respawned
export const EXILE_CODE = 26;

// the delay before the n-th consecutive backed-off respawn: exponential from throttle, capped, jittered
export const computeBackoffDelay = (quickDeaths: number, policy: RestartPolicy, random: number): number => {
	if (quickDeaths <= 0) return 0;
	const exponent = Math.min(quickDeaths - 1, 30);
	const base = Math.min(policy.maxThrottleMs, policy.throttleMs * 2 ** exponent);
	const jittered = base * (1 + policy.jitter * (2 * random - 1));
	return Math.max(1, Math.round(Math.min(policy.maxThrottleMs, jittered)));
};

// the deaths that still count within the period, with this one first (OTP's sliding window)
export const addRecentDeath = (recentDeaths: readonly number[], now: number, periodMs: number): number[] =>
	[now, ...recentDeaths.filter(at => at > now - periodMs)];

// true when the process served: accepting (unless that was only assumed) or loyal, or up long enough to count as stable
export const hasServed = (process: {readonly accepting: boolean; readonly loyal: boolean; readonly uptimeMs: number}, policy: RestartPolicy): boolean =>
	(process.accepting && policy.isAcceptingAssumed !== true) || process.loyal || process.uptimeMs >= policy.stableUptimeMs;

// decides what a vassal's death means: exile, respawn now after serving, or a growing delay
export const decideRespawn = (death: Death, policy: RestartPolicy, now: number, random: number): RespawnDecision => {
	if (death.code !== null && (policy.exileStatuses ?? [EXILE_CODE]).includes(death.code)) return {action: 'exile'};
	if (!death.hasServed) {
		const quickDeaths = death.quickDeaths + 1;
		return {action: 'respawn', reason: 'never-served', quickDeaths, delayMs: computeBackoffDelay(quickDeaths, policy, random), recentDeaths: death.recentDeaths};
	}
	const recentDeaths = addRecentDeath(death.recentDeaths, now, policy.restartPeriodMs);
	if (recentDeaths.length <= policy.restartIntensity) return {action: 'respawn', reason: 'served', quickDeaths: 0, delayMs: 0, recentDeaths};
	const quickDeaths = death.quickDeaths + 1;
	return {action: 'respawn', reason: 'restart-intensity', quickDeaths, delayMs: computeBackoffDelay(quickDeaths, policy, random), recentDeaths};
};
