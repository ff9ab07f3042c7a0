// runs `uwsgi --emperor DIR` as a supervisor of the benchmark's vassals, timed by polling /proc for its children
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {closeSync, openSync, readFileSync} from 'node:fs';
import {listChildPids} from '../../test/helpers/processes.js';
import {vassalNameOf} from './proc.js';
import {pollUntil} from './poll.js';
import type {SpawnSighting, Supervisor, SupervisorOptions} from './supervisor.js';

// polling /proc this often puts at most this much error on a uWSGI spawn time (scale runs pass a coarser one)
const DEFAULT_POLL_MS = 2;

// starts `uwsgi --emperor DIR` (its output and its vassals' in logFile) and waits for "starting uWSGI Emperor"
export const startUwsgiSupervisor = async ({vassalsDir, extraArgs = [], logFile, pollMs = DEFAULT_POLL_MS}: SupervisorOptions): Promise<Supervisor> => {
	const log = openSync(logFile, 'a');
	const child = spawn('uwsgi', ['--emperor', vassalsDir, ...extraArgs], {stdio: ['ignore', log, log]});
	closeSync(log);
	const exited = once(child, 'exit');
	const pid = child.pid!;
	await pollUntil('uwsgi --emperor to start', () => (readFileSync(logFile, 'utf8').includes('*** starting uWSGI Emperor ***') ? true : undefined), {timeoutMs: 30_000});

	// every vassal pid seen so far, by name: a background poll, so that short-lived (crashing) vassals are counted too
	const seen = new Map<string, SpawnSighting[]>();
	const named = new Set<number>();
	const watcher = setInterval(function pollVassals() {
		const now = Date.now();
		for (const vassalPid of listChildPids(pid)) {
			if (named.has(vassalPid)) continue;
			// a child that has not exec'd yet still reads `uwsgi --emperor DIR`: it is named on a later poll
			const name = vassalNameOf(vassalPid);
			if (name === undefined) continue;
			named.add(vassalPid);
			seen.set(name, [...(seen.get(name) ?? []), {pid: vassalPid, at: now}]);
		}
	}, pollMs);

	return {
		kind: 'uwsgi',
		pid,
		waitForVassal: (name, exclude = [], timeoutMs = 60_000) =>
			pollUntil(`uWSGI vassal ${name}`, () => seen.get(name)?.find(sighting => !exclude.includes(sighting.pid)), {intervalMs: pollMs, timeoutMs}),
		countSpawns: name => seen.get(name)?.length ?? 0,
		async stop(signal) {
			const sentAt = Date.now();
			if (child.exitCode === null && child.signalCode === null) child.kill(signal);
			await exited;
			clearInterval(watcher);
			return Date.now() - sentAt;
		},
	};
};
