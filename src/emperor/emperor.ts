import {resolve} from 'node:path';
import type {FileObservation} from '../monitor/directory-monitor.js';
import type {Logger} from '../observe/logger.js';
import {parseSourceSpecs} from '../sources/source-spec.js';
import {describeSource, startSources} from '../sources/start-sources.js';
import type {SourceStatus} from '../sources/source-status.js';
import type {EmperorOptions} from '../options/emperor-options.js';
import type {VassalCommand} from '../control/control-protocol.js';
import {Vassal, type VassalEnvironment} from '../vassal/vassal.js';
import {currentUser} from '../system/privileges.js';
import {loadRecentUserDatabase} from './recent-users.js';
import {logSourceEvents} from './source-log.js';
import {makeVassalPolicy} from './vassal-policy.js';
import {makeApplyGate} from './apply-gate.js';
import {makeFileApplier} from './apply-file.js';
import {ragnarok} from './shutdown.js';
import {makeReloadQueue} from './reload-queue.js';
import {startProgramIdleWatch} from './program-idle.js';
import {findVassalExec, VASSAL_EXEC_PATH} from '../vassal/vassal-exec.js';
import {forgetVassalLines} from '../output/vassal-lines.js';

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
	/** tyrant mode: each vassal runs as its file's owner */
	readonly isTyrant: boolean;
	shutdown: (signal: string) => void;
	reloadAll: () => void;
	/** vassals whose reload-all waits for its turn */
	readonly pendingReloads: number;
	retryAll: () => void;
	rescan: () => void;
	logVassals: () => void;
	/** every vassal source with its kind and state (a pg:// one: connected, down …) */
	sources: () => readonly SourceStatus[];
};

// file applications in flight at once (see apply-gate.ts)
const APPLY_CONCURRENCY = 4;

// --vassal-set KEY=VALUE settings as the values a vassal file sees before its own
const presetOf = (settings: readonly string[]): Map<string, string> =>
	new Map(settings.map(setting => [setting.slice(0, setting.indexOf('=')), setting.slice(setting.indexOf('=') + 1)]));

// starts governing a vassal directory: first scan, then events, until shutdown
// (beforeFirstScan runs once the emperor exists and before any vassal spawns: bind sockets, drop privileges)
export const startEmperor = async (options: EmperorOptions, logger: Logger, beforeFirstScan?: (emperor: Emperor) => Promise<void>): Promise<Emperor> => {
	const parsed = parseSourceSpecs(options.vassalsDir);
	if (!parsed.ok) throw new Error(parsed.errors.join('; '));
	const cwd = process.cwd();
	// the first directory source is the emperor's directory (its control socket, its stats): the cwd when there is none
	const firstDirectory = parsed.sources.find(source => source.kind === 'dir');
	const directory = firstDirectory?.kind === 'dir' ? resolve(firstDirectory.directory) : cwd;
	const binary = options.wrapper ?? options.binaryPath;
	const isTyrant = options.tyrant || options.tyrantNofollow;
	const vassals = new Map<string, Vassal>();
	const pending = new Map<string, Promise<void>>();
	const settledListeners = new Set<() => void>();
	const transitionListeners = new Set<NonNullable<VassalEnvironment['onTransition']>>();
	let isShuttingDown = false;
	// filled while the first scan runs: what systemd's READY=1 waits for
	let firstScanApplied: Map<string, Promise<void>> | undefined = new Map();
	const reloads = makeReloadQueue(options.reloadConcurrency, () => vassals.values());
	const idleWatch = startProgramIdleWatch(() => vassals.values());

	const environment: VassalEnvironment = {
		directory,
		binary,
		vassalSet: options.vassalSet,
		initgroups: options.tyrantInitgroups,
		env: process.env,
		policy: makeVassalPolicy(options),
		logger,
		now: Date.now,
		random: Math.random,
		onForget(vassal) {
			vassal.dispose();
			if (vassals.get(vassal.name) !== vassal) return;
			vassals.delete(vassal.name);
			// its recent output goes with it: memory stays bounded by the vassals there are, not those there were
			forgetVassalLines(vassal.name);
		},
		onTransition(...transition) {
			for (const listener of transitionListeners) listener(...transition);
		},
		onSettled() {
			reloads.pump();
			idleWatch.sync();
			for (const listener of settledListeners) listener();
		},
	};

	const applyObservation = makeFileApplier({
		directory,
		vassals,
		directoryOf: name => monitor.directoryOf(name),
		// read at each start: a name another source takes over (its owner's file gone) starts from the new one's directory
		createVassal: name => new Vassal(name, {...environment, get directory() {
			return monitor.directoryOf(name);
		}}),
		logger,
		isShuttingDown: () => isShuttingDown,
		tyrant: {enabled: isTyrant, nofollow: options.tyrantNofollow},
		emperorUser: currentUser,
		users: loadRecentUserDatabase,
		reapply: (observation, delayMs) => setTimeout(() => onFile({...observation, isRetry: true}), delayMs).unref(),
		loadOptions: {
			isStrict: options.strict,
			preset: presetOf(options.vassalSet),
			binaryPath: binary,
		},
		onDemand: {extension: options.onDemandExtension, directory: options.onDemandDirectory, exec: options.onDemandExec},
	});

	// observations of one name are applied in order; different names proceed independently
	// until beforeFirstScan is done (sockets bound, privileges dropped) observations wait, so nothing spawns early
	const gate = makeApplyGate(APPLY_CONCURRENCY);
	let waiting: FileObservation[] | undefined = [];
	const onFile = (observation: FileObservation & {isRetry?: boolean}) => {
		if (isShuttingDown) return;
		if (waiting !== undefined) {
			waiting.push(observation);
			return;
		}
		const previous = pending.get(observation.name) ?? Promise.resolve();
		const next = previous.then(() => gate(() => applyObservation(observation))).catch((error: unknown) => {
			logger.error({event: 'emperor-error', vassal: observation.name, err: error}, `unexpected error while applying ${observation.name}`);
		});
		pending.set(observation.name, next);
		firstScanApplied?.set(observation.name, next);
		void next.finally(() => {
			if (pending.get(observation.name) === next) pending.delete(observation.name);
		});
	};

	const nofollow = options.nofollow || options.tyrantNofollow;
	const monitor = startSources({sources: parsed.sources, cwd, freqSeconds: options.freqSeconds, settleMs: options.settleMs, nofollow, pgChannel: options.pgChannel, isTyrant}, {
		onFile,
		...logSourceEvents(logger),
	});

	let markBuried: () => void = () => {};
	const buried = new Promise<void>(resolvePromise => {
		markBuried = resolvePromise;
	});

	let markFirstScan: (names: readonly string[]) => void = () => {};
	const firstScan = new Promise<readonly string[]>(resolveScan => {
		markFirstScan = resolveScan;
	});

	const emperor: Emperor = {
		isTyrant,
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
			else if (command === 'stop') vassal.dispatch({type: 'stop', reason: 'operator'});
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
			idleWatch.stop();
			void ragnarok({vassals, monitor, logger, mercyMs: options.reloadMercySeconds * 1000, settledListeners, signal}).then(markBuried);
		},
		reloadAll() {
			reloads.reloadAll(vassals.values());
		},
		get pendingReloads() {
			return reloads.pending;
		},
		retryAll() {
			for (const vassal of vassals.values()) vassal.dispatch({type: 'retry'});
		},
		rescan() {
			void monitor.rescan();
		},
		sources: () => monitor.statuses(),
		logVassals() {
			for (const vassal of vassals.values()) {
				const {state, pid, loyal, ready, accepting, respawns} = vassal.record;
				logger.info({event: 'vassal-status', vassal: vassal.name, state, pid, loyal, ready, accepting, respawns}, `vassal instance ${vassal.name} state ${state} pid ${pid ?? -1} loyal ${Number(loyal)}`);
			}
		},
	};

	await beforeFirstScan?.(emperor);
	const early = waiting;
	waiting = undefined;
	for (const observation of early) onFile(observation);
	const governed = parsed.sources.map(describeSource);
	logger.info({event: 'emperor-started', vassalsDir: directory, sources: governed, pid: process.pid}, `*** starting emperor governing ${governed.join(', ')} ***`);
	if (findVassalExec() === undefined) {
		logger.warn({event: 'vassal-exec-missing', path: VASSAL_EXEC_PATH}, 'native/vassal-exec was not built (no C compiler at install): vassals get no death signal and can outlive a SIGKILLed emperor by ~2 s; run npm run build:native (docs/orphans.md)');
	}
	await monitor.initialScan();
	const applied = firstScanApplied;
	firstScanApplied = undefined;
	void Promise.all(applied.values()).then(() => markFirstScan([...applied.keys()]));
	return emperor;
};
