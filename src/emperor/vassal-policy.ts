// the restart and stop policy every vassal follows, from the emperor's options
import type {EmperorOptions} from '../options/emperor-options.js';
import type {VassalPolicy} from '../vassal/transition-steps.js';

// the emperor's options as the policy the transition table reads
export const makeVassalPolicy = (options: EmperorOptions): VassalPolicy => ({
	throttleMs: options.throttleMs,
	maxThrottleMs: Math.max(options.maxThrottleMs, options.throttleMs),
	stableUptimeMs: options.stableUptimeSeconds * 1000,
	jitter: 0.1,
	restartIntensity: options.restartIntensity,
	restartPeriodMs: options.restartPeriodSeconds * 1000,
	curseToleranceMs: options.curseToleranceSeconds * 1000,
	requiredHeartbeatMs: options.requiredHeartbeatSeconds * 1000,
	gracefulShutdown: options.gracefulShutdown,
	reloadTimeoutMs: options.reloadTimeoutSeconds * 1000,
});
