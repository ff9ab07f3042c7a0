import {monitorEventLoopDelay, type IntervalHistogram} from 'node:perf_hooks';

export type LoopDelayMonitor = {
	/** something happened (a vassal event, a scrape): sample the loop for the next while */
	noteActivity: () => void;
	/** the delays sampled since the last reset */
	readonly histogram: IntervalHistogram;
};

// event-loop delay sampled every resolutionMs while the emperor is busy, and not at all at rest: an always-on
// 10 ms sampler would wake an idle emperor 100 times a second; it stops idleMs after the last activity
export const createLoopDelayMonitor = ({resolutionMs = 10, idleMs = 2000} = {}): LoopDelayMonitor => {
	const histogram = monitorEventLoopDelay({resolution: resolutionMs});
	let idleTimer: NodeJS.Timeout | undefined;
	return {
		histogram,
		noteActivity() {
			histogram.enable();
			if (idleTimer !== undefined) {
				idleTimer.refresh();
				return;
			}
			idleTimer = setTimeout(function onLoopIdle() {
				idleTimer = undefined;
				histogram.disable();
			}, idleMs);
			idleTimer.unref();
		},
	};
};
