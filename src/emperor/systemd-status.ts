import type {Logger} from '../observe/logger.js';
import type {NotifySender} from '../system/sd-notify.js';
import {BURIED_STATUS, governingStatus, monotonicUsec, READY, reloadingMessage, STOPPING} from '../system/service-messages.js';
import type {Emperor} from './emperor.js';
import {awaitedVassals, countGoverned, type VassalView} from './readiness.js';

export type SystemdStatusInput = {
	readonly emperor: Pick<Emperor, 'firstScan' | 'onSettled'> & {
		readonly vassals: ReadonlyMap<string, VassalView>;
		/** vassals whose reload-all waits for its turn (SIGHUP overlaps a few at a time) */
		readonly pendingReloads?: number;
	};
	readonly sender: NotifySender;
	readonly logger: Logger;
	/** READY=1 goes out at the latest this long after the start or a reload */
	readonly readyTimeoutMs: number;
	/** false when no service manager listens (no NOTIFY_SOCKET): the log then says nothing of READY=1 */
	readonly isNotifying?: boolean;
};

export type SystemdStatus = {
	/** SIGHUP: RELOADING=1, reload every vassal, READY=1 once they are back */
	reload: (reloadAll: () => void) => void;
	/** shutdown started: STOPPING=1 (once) */
	stopping: () => void;
	/** every vassal is gone: the last STATUS */
	buried: () => void;
};

type Wait = {readonly reason: 'start' | 'reload'; readonly names: () => Iterable<string>; readonly since: number; readonly timer: NodeJS.Timeout};

// tells systemd what the emperor does: READY=1 once the first scan's vassals are up, STATUS when the number of
// governed vassals changes, RELOADING=1 and READY=1 around SIGHUP, STOPPING=1, and the burial
export const reportToSystemd = ({emperor, sender, logger, readyTimeoutMs, isNotifying = true}: SystemdStatusInput): SystemdStatus => {
	let governed: number | undefined;
	let wait: Wait | undefined;
	let isStopping = false;

	const sendReady = (current: Wait, awaited: readonly string[]) => {
		clearTimeout(current.timer);
		wait = undefined;
		const fields = {event: 'emperor-ready', reason: current.reason, waitedMs: Date.now() - current.since};
		const ready = isNotifying ? ': READY=1' : '';
		if (awaited.length === 0) logger.info(fields, `${current.reason === 'start' ? 'every vassal of the first scan is up' : 'every vassal reloaded'}${ready}`);
		else logger.warn({...fields, event: 'emperor-ready-timeout', vassals: awaited}, `--ready-timeout is over, still waiting for ${awaited.join(', ')}${isNotifying ? ': READY=1 anyway' : ''}`);
		sender.send(READY);
	};

	const checkWait = () => {
		if (wait === undefined || (wait.reason === 'reload' && (emperor.pendingReloads ?? 0) > 0)) return;
		if (awaitedVassals(wait.names(), emperor.vassals).length === 0) sendReady(wait, []);
	};

	const startWait = (reason: Wait['reason'], names: () => Iterable<string>) => {
		if (wait !== undefined) clearTimeout(wait.timer);
		const timer = setTimeout(function onReadyTimeout() {
			if (wait !== undefined) sendReady(wait, awaitedVassals(wait.names(), emperor.vassals));
		}, readyTimeoutMs);
		wait = {reason, names, since: Date.now(), timer};
		checkWait();
	};

	const onSettled = () => {
		const count = countGoverned(emperor.vassals);
		if (count !== governed) sender.send(governingStatus(count));
		governed = count;
		checkWait();
	};

	const unsubscribe = emperor.onSettled(onSettled);
	onSettled();
	void emperor.firstScan.then(names => {
		if (!isStopping) startWait('start', () => names);
	});

	return {
		reload(reloadAll) {
			if (isStopping) return reloadAll();
			sender.send(reloadingMessage(monotonicUsec()));
			reloadAll();
			startWait('reload', () => emperor.vassals.keys());
		},
		stopping() {
			if (isStopping) return;
			isStopping = true;
			if (wait !== undefined) clearTimeout(wait.timer);
			wait = undefined;
			sender.send(STOPPING);
		},
		buried() {
			unsubscribe();
			sender.send(BURIED_STATUS);
		},
	};
};
