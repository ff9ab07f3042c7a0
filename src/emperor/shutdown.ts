import type {DirectoryMonitor} from '../monitor/directory-monitor.js';
import type {Logger} from '../observe/logger.js';
import type {Vassal} from '../vassal/vassal.js';
import {planShutdown} from './reconcile.js';

export type RagnarokInput = {
	readonly vassals: Map<string, Vassal>;
	readonly monitor: DirectoryMonitor;
	readonly logger: Logger;
	readonly mercyMs: number;
	readonly settledListeners: Set<() => void>;
	readonly signal: string;
};

// after SIGKILL a process is reaped within milliseconds; this only guards against a kernel that disagrees
export const AFTER_KILL_GRACE_MS = 5000;

// Ragnarok: every vassal is told to stop at once; survivors of the mercy period get SIGKILL; resolves when all are gone
export const ragnarok = async ({vassals, monitor, logger, mercyMs, settledListeners, signal}: RagnarokInput): Promise<void> => {
	logger.info({event: 'emperor-shutdown', signal, vassals: vassals.size}, `${signal} received: stopping ${vassals.size} vassals`);
	for (const vassal of vassals.values()) vassal.dispatch({type: 'shutdown'});
	const monitorClosed = monitor.close().catch(() => {});

	await new Promise<void>(resolveAll => {
		const timers: NodeJS.Timeout[] = [];
		const check = () => {
			if (!planShutdown(vassals.values()).isBuried) return;
			settledListeners.delete(check);
			for (const timer of timers) clearTimeout(timer);
			resolveAll();
		};
		settledListeners.add(check);
		timers.push(setTimeout(function onMercyOver() {
			for (const name of planShutdown(vassals.values()).live) {
				logger.warn({event: 'emperor-no-mercy', vassal: name}, `NO MERCY for vassal ${name}`);
				vassals.get(name)?.kill('no-mercy');
			}
			timers.push(setTimeout(function onKillIgnored() {
				logger.error({event: 'emperor-shutdown-incomplete', vassals: planShutdown(vassals.values()).live}, 'vassals still not reaped after SIGKILL');
				settledListeners.delete(check);
				resolveAll();
			}, AFTER_KILL_GRACE_MS));
		}, mercyMs));
		check();
	});

	await monitorClosed;
	for (const vassal of vassals.values()) vassal.dispose();
	logger.info({event: 'emperor-buried'}, 'The Emperor is buried.');
};
