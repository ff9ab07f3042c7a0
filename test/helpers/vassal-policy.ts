import type {VassalPolicy} from '../../src/vassal/transition-steps.js';

// the policy the pure table tests run with: uWSGI's defaults, jitter 10 %, heartbeat and curse at 30 s
export const TEST_POLICY: VassalPolicy = {
	throttleMs: 1000, maxThrottleMs: 180_000, stableUptimeMs: 10_000, jitter: 0.1, restartIntensity: 5, restartPeriodMs: 60_000,
	curseToleranceMs: 30_000, requiredHeartbeatMs: 30_000, gracefulShutdown: false, reloadTimeoutMs: 60_000,
};
