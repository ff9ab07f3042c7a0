import {resolve} from 'node:path';
import {formatConfigIssue} from '../config/config-issue.js';
import {readVassalFile} from '../config/read-vassal-file.js';
import {startDirectoryMonitor, type FileObservation} from '../monitor/directory-monitor.js';
import type {Logger} from '../observe/logger.js';
import type {EmperorOptions} from '../options/emperor-options.js';
import type {VassalPolicy} from '../vassal/transition-steps.js';
import type {VassalCommand} from '../control/control-protocol.js';
import {Vassal, type VassalEnvironment} from '../vassal/vassal.js';
import {planFileAction} from './reconcile.js';
import {ragnarok} from './shutdown.js';

export type Emperor = {
	readonly vassals: ReadonlyMap<string, Vassal>;
	/** resolves once every vassal is gone after a shutdown */
	readonly buried: Promise<void>;
	/** the names the first scan found, once each file was read and applied */
	readonly firstScan: Promise<readonly string[]>;
	/** calls listener after every vassal event; returns a function that unsubscribes */
	onSettled: (listener: () => void) => () => void;
	/** calls listener for every vassal transition; returns a function that unsubscribes */
	onTransition: (listener: NonNullable<VassalEnvironment['onTransition']>) => () => void;
	/** an operator's command for one vassal; false when no vassal has that name */
	command: (name: string, command: VassalCommand) => boolean;
	readonly directory: string;
	shutdown: (signal: string) => void;
	reloadAll: () => void;
	retryAll: () => void;
	rescan: () => void;
	logVassals: () => void;
};

// the restart and stop policy every vassal follows, from the emperor options
export const makeVassalPolicy = (options: EmperorOptions): VassalPolicy => ({
	throttleMs: options.throttleMs,
	maxThrottleMs: Math.max(options.maxThrottleMs, options.throttleMs),
	stableUptimeMs: options.stableUptimeSeconds * 1000,
	jitter: 0.1,
	curseToleranceMs: options.curseToleranceSeconds * 1000,
	requiredHeartbeatMs: options.requiredHeartbeatSeconds * 1000,
	gracefulShutdown: options.gracefulShutdown,
});

// starts governing a vassal directory: first scan, then events, until shutdown
export const startEmperor = async (options: EmperorOptions, logger: Logger): Promise<Emperor> => {
	const directory = resolve(options.vassalsDir);
	const vassals = new Map<string, Vassal>();
	const pending = new Map<string, Promise<void>>();
	const settledListeners = new Set<() => void>();
	const transitionListeners = new Set<NonNullable<VassalEnvironment['onTransition']>>();
	let isShuttingDown = false;
	// filled while the first scan runs: what systemd's READY=1 waits for
	let firstScanApplied: Map<string, Promise<void>> | undefined = new Map();

	const environment: VassalEnvironment = {
		directory,
		binary: options.wrapper ?? options.binaryPath,
		vassalSet: options.vassalSet,
		env: process.env,
		policy: makeVassalPolicy(options),
		logger,
		now: Date.now,
		random: Math.random,
		onForget(vassal) {
			vassal.dispose();
			if (vassals.get(vassal.name) === vassal) vassals.delete(vassal.name);
		},
		onTransition(...transition) {
			for (const listener of transitionListeners) listener(...transition);
		},
		onSettled() {
			for (const listener of settledListeners) listener();
		},
	};

	const applyObservation = async ({name, fingerprint}: FileObservation) => {
		const existing = vassals.get(name);
		const action = planFileAction(existing?.record, fingerprint);
		if (action === 'ignore') return;
		if (action === 'remove') return existing!.dispatch({type: 'file-removed'});
		const result = await readVassalFile(directory, name);
		if (isShuttingDown) return;
		const vassal = vassals.get(name) ?? new Vassal(name, environment);
		vassals.set(name, vassal);
		if (!result.ok) {
			logger.error({
				event: 'vassal-config-invalid', vassal: name, code: 'VASSAL_CONFIG_INVALID', issues: result.issues,
				kept: vassal.isLive() ? 'the running instance keeps its last good config' : undefined,
			}, `vassal ${name} rejected: ${result.issues.map(formatConfigIssue).join('; ')}`);
			return vassal.dispatch({type: 'config-invalid'});
		}
		for (const warning of result.warnings) logger.warn({event: 'vassal-config-warning', vassal: name, issue: warning}, formatConfigIssue(warning));
		vassal.setConfig(result.config, Number(fingerprint!.mtimeNs / 1_000_000n));
		vassal.dispatch({type: action === 'add' && existing === undefined ? 'file-added' : 'file-changed'});
	};

	// observations of one name are applied in order; different names proceed independently
	const onFile = (observation: FileObservation) => {
		if (isShuttingDown) return;
		const previous = pending.get(observation.name) ?? Promise.resolve();
		const next = previous.then(() => applyObservation(observation)).catch((error: unknown) => {
			logger.error({event: 'emperor-error', vassal: observation.name, err: error}, `unexpected error while applying ${observation.name}`);
		});
		pending.set(observation.name, next);
		firstScanApplied?.set(observation.name, next);
		void next.finally(() => {
			if (pending.get(observation.name) === next) pending.delete(observation.name);
		});
	};

	const monitor = startDirectoryMonitor({directory, freqSeconds: options.freqSeconds, settleMs: options.settleMs}, {
		onFile,
		onError(error, context) {
			logger.warn({event: 'monitor-error', err: {message: error.message, code: (error as NodeJS.ErrnoException).code}}, `${context}: ${error.message}`);
		},
	});

	let markBuried: () => void = () => {};
	const buried = new Promise<void>(resolvePromise => {
		markBuried = resolvePromise;
	});

	logger.info({event: 'emperor-started', vassalsDir: directory, pid: process.pid}, `*** starting emperor governing ${directory} ***`);
	await monitor.initialScan();
	const firstScanNames = [...firstScanApplied.keys()];
	const firstScan = Promise.all(firstScanApplied.values()).then(() => firstScanNames);
	firstScanApplied = undefined;

	return {
		vassals,
		buried,
		firstScan,
		directory,
		onTransition(listener) {
			transitionListeners.add(listener);
			return () => transitionListeners.delete(listener);
		},
		command(name, command) {
			const vassal = vassals.get(name);
			if (vassal === undefined || isShuttingDown) return false;
			if (command === 'reload') vassal.dispatch({type: 'reload', reason: 'operator'});
			else vassal.dispatch({type: command});
			return true;
		},
		onSettled(listener) {
			const subscription = () => listener();
			settledListeners.add(subscription);
			return () => settledListeners.delete(subscription);
		},
		shutdown(signal) {
			if (isShuttingDown) {
				logger.warn({event: 'emperor-signal', signal}, `RAGNAROK ALREADY EVOKED: ${signal} ignored, vassals are being stopped`);
				return;
			}
			isShuttingDown = true;
			void ragnarok({vassals, monitor, logger, mercyMs: options.reloadMercySeconds * 1000, settledListeners, signal}).then(markBuried);
		},
		reloadAll() {
			for (const vassal of vassals.values()) vassal.dispatch({type: 'reload', reason: 'reload-all'});
		},
		retryAll() {
			for (const vassal of vassals.values()) vassal.dispatch({type: 'retry'});
		},
		rescan() {
			void monitor.rescan();
		},
		logVassals() {
			for (const vassal of vassals.values()) {
				const {state, pid, loyal, ready, accepting, respawns} = vassal.record;
				logger.info({event: 'vassal-status', vassal: vassal.name, state, pid, loyal, ready, accepting, respawns}, `vassal instance ${vassal.name} state ${state} pid ${pid ?? -1} loyal ${Number(loyal)}`);
			}
		},
	};
};
