// one interface over both emperors, so a scenario runs the same steps under each
import {realpathSync} from 'node:fs';
import {findProcessesUnder, waitForProcessesGone} from '../../test/helpers/processes.js';
import {startEmperorSupervisor} from './emperor-supervisor.js';
import {startUwsgiSupervisor} from './uwsgi-supervisor.js';

export type SupervisorKind = 'emperor' | 'uwsgi';
export const SUPERVISORS: readonly SupervisorKind[] = ['emperor', 'uwsgi'];

/** a vassal process as a supervisor started it: its pid and when it appeared (epoch ms) */
export type SpawnSighting = {readonly pid: number; readonly at: number};

export type Supervisor = {
	readonly kind: SupervisorKind;
	readonly pid: number;
	/** emperor only, with --metrics: the address its /metrics answers on */
	readonly metricsAddress?: string;
	/** waits until vassal NAME has a process other than the excluded pids */
	waitForVassal: (name: string, exclude?: readonly number[], timeoutMs?: number) => Promise<SpawnSighting>;
	/** how many times vassal NAME was spawned so far (emperor: log lines; uWSGI: pids seen by polling /proc) */
	countSpawns: (name: string) => number;
	/** sends the signal and resolves with the ms until the supervisor exited */
	stop: (signal: NodeJS.Signals) => Promise<number>;
};

export type SupervisorOptions = {
	readonly vassalsDir: string;
	readonly logFile: string;
	readonly extraArgs?: readonly string[];
	/** uWSGI only: how often /proc is polled for its vassals (default 2 ms) */
	readonly pollMs?: number;
};

// starts `emperor --vassals DIR` or `uwsgi --emperor DIR` with default settings, ready to see new files
export const startSupervisor = (kind: SupervisorKind, options: SupervisorOptions): Promise<Supervisor> =>
	kind === 'emperor' ? startEmperorSupervisor(options) : startUwsgiSupervisor(options);

// stops a supervisor (SIGKILL after 60 s) and SIGKILLs any process still running inside the vassals dir
export const cleanUp = async (supervisor: Supervisor | undefined, vassalsDir: string): Promise<void> => {
	if (supervisor !== undefined) {
		const timer = setTimeout(() => process.kill(supervisor.pid, 'SIGKILL'), 60_000);
		await supervisor.stop('SIGTERM').catch(() => 0);
		clearTimeout(timer);
	}
	const leftovers = findProcessesUnder(realpathSync(vassalsDir));
	for (const pid of leftovers) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {}
	}
	await waitForProcessesGone(leftovers, 10_000);
};
