import {splitShellWords} from './shell-words.js';

export type ProbeAttempt = {
	/** the probe's exit code; undefined when it was killed or could not start */
	exitCode?: number;
	signal?: string;
	isTimedOut: boolean;
	/** why it could not run (ENOENT …) or how it failed, in execa's short words */
	message?: string;
};

export type ReadinessProbeOptions = {
	/** the text after `probe:`, split like shell words, looked up in PATH, never run by a shell */
	command: string;
	onReady: () => void;
	/** each failed run, for a debug log */
	onAttempt?: (attempt: ProbeAttempt) => void;
	/** each run's pid once it started, so a test or the caller can see it */
	onSpawn?: (pid: number) => void;
	intervalMs?: number;
	/** one run may take this long before it is killed and counts as failed */
	timeoutMs?: number;
	cwd?: string;
	/** the whole environment of the probe (its PATH is where the command is looked up) */
	env?: NodeJS.ProcessEnv;
	uid?: number;
	gid?: number;
};

export type ProbeOutcome = 'ready' | 'stopped' | 'invalid';

export type ReadinessProbe = {
	/** settles once: ready after the first run that exits 0, stopped once stop() has killed and reaped a running probe, invalid when the command does not split */
	outcome: Promise<ProbeOutcome>;
	/** the split error when the outcome is invalid */
	error?: string;
	/** stops probing now: a running probe is killed (SIGKILL), no timer stays; safe to call at any time */
	stop: () => void;
};

// runs a probe command again and again (one at a time, each bounded by timeoutMs) until it exits 0, then reports ready; never throws
export const startReadinessProbe = (options: ReadinessProbeOptions): ReadinessProbe => {
	const {command, onReady, onAttempt, onSpawn, intervalMs = 250, timeoutMs = 5000, cwd, env, uid, gid} = options;
	const split = splitShellWords(command);
	if (!split.ok || split.words.length === 0) {
		const error = split.ok ? 'the probe command is empty' : split.error.message;
		return {outcome: Promise.resolve('invalid'), error, stop: () => {}};
	}
	const [file, ...args] = split.words as [string, ...string[]];
	const abort = new AbortController();
	let timer: NodeJS.Timeout | undefined;
	let running: Promise<unknown> | undefined;
	let settle: (outcome: ProbeOutcome) => void = () => {};
	const outcome = new Promise<ProbeOutcome>(resolve => {
		settle = resolve;
	});

	const runOnce = async (): Promise<void> => {
		timer = undefined;
		if (abort.signal.aborted) return;
		// loaded on first use: a start without probe vassals never pays for execa (~250 KB to compile and run)
		const {execa} = await import('execa');
		if (abort.signal.aborted) return;
		const subprocess = execa(file, args, {
			reject: false, timeout: timeoutMs, cancelSignal: abort.signal, killSignal: 'SIGKILL', forceKillAfterDelay: false,
			stdio: 'ignore', cwd, env, extendEnv: env === undefined, uid, gid,
		});
		if (subprocess.pid !== undefined) onSpawn?.(subprocess.pid);
		running = subprocess;
		const result = await subprocess;
		running = undefined;
		if (abort.signal.aborted) return;
		if (result.exitCode === 0) {
			settle('ready');
			onReady();
			return;
		}
		onAttempt?.({exitCode: result.exitCode, signal: result.signal, isTimedOut: result.timedOut, message: result.shortMessage});
		timer = setTimeout(function onProbeInterval() {
			void runOnce();
		}, intervalMs);
	};

	void runOnce().catch(error => {
		// execa reports failures in its result; anything else would be a bug in this module, not in the probe
		onAttempt?.({isTimedOut: false, message: (error as Error).message});
	});
	return {
		outcome,
		stop() {
			if (abort.signal.aborted) return;
			abort.abort();
			clearTimeout(timer);
			timer = undefined;
			void (running ?? Promise.resolve()).then(() => settle('stopped'), () => settle('stopped'));
		},
	};
};
