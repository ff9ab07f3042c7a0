import type {NotifySender} from './sd-notify.js';
import {WATCHDOG} from './service-messages.js';

// how often to send WATCHDOG=1: half of WATCHDOG_USEC, when WATCHDOG_PID (if set) is this process; undefined when off
export const watchdogIntervalMs = (env: NodeJS.ProcessEnv, pid: number): number | undefined => {
	const usec = Number(env.WATCHDOG_USEC);
	if (env.WATCHDOG_USEC === undefined || !Number.isSafeInteger(usec) || usec <= 0) return undefined;
	if (env.WATCHDOG_PID !== undefined && Number(env.WATCHDOG_PID) !== pid) return undefined;
	return Math.max(1, Math.floor(usec / 2000));
};

// sends WATCHDOG=1 from a timer on the event loop, so a stalled loop stops the pings and systemd notices;
// returns a function that stops it
export const startWatchdog = (sender: NotifySender, intervalMs: number | undefined): (() => void) => {
	if (intervalMs === undefined) return () => {};
	const timer = setInterval(function pingWatchdog() {
		sender.send(WATCHDOG);
	}, intervalMs);
	timer.unref();
	return () => clearInterval(timer);
};
