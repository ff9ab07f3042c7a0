// 1000 files land at once under emperor, with light fake vassals (one perl process each) so that the emperor's own
// work is what is measured: the longest event-loop stall meanwhile, read from its own --metrics
// (emperor_nodejs_eventloop_lag_max_seconds), the time until all 1000 vassal processes run, and its CPU until then.
// Emperor only: uwsgi --emperor has no event loop to stall (the side by side of 1000 landings is in scale.ts).
// Run: npx tsx bench/landing-stall.ts (TRIALS=2, LANDING_COUNT=1000)
import {mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {LIGHT_VASSAL_INI, LIGHT_VASSAL_PATH} from '../test/helpers/light-vassal.js';
import {readLoopDelayMaxMs} from './lib/metrics-scrape.js';
import {pollUntil} from './lib/poll.js';
import {listVassalMasters, readCpuMs} from './lib/proc.js';
import {renderFigures} from './lib/side-by-side.js';
import {cleanUp, startSupervisor, type Supervisor} from './lib/supervisor.js';

const TRIALS = Number(process.env.TRIALS ?? 2);
const COUNT = Number(process.env.LANDING_COUNT ?? 1000);

type Trial = {stallMs: number; allRunningMs: number; cpuMs: number};

const landOnce = async (): Promise<Trial> => {
	const root = mkdtempSync(join(tmpdir(), 'emperor-bench-landing-'));
	const [vassalsDir, staging] = [join(root, 'vassals'), join(root, 'staging')];
	mkdirSync(vassalsDir);
	mkdirSync(staging);
	const names = Array.from({length: COUNT}, (_, index) => `v${String(index).padStart(4, '0')}.ini`);
	for (const name of names) writeFileSync(join(staging, name), LIGHT_VASSAL_INI);
	let supervisor: Supervisor | undefined;
	try {
		const extraArgs = ['--binary-path', LIGHT_VASSAL_PATH, '--metrics', '127.0.0.1:0'];
		supervisor = await startSupervisor('emperor', {vassalsDir, logFile: join(root, 'emperor.log'), extraArgs});
		const {pid, metricsAddress} = supervisor;
		// a scrape resets the delay histogram: what the next one reports happened during the landing
		await readLoopDelayMaxMs(metricsAddress!);
		const cpuBefore = readCpuMs(pid);
		const landedAt = Date.now();
		for (const name of names) renameSync(join(staging, name), join(vassalsDir, name));
		await pollUntil(`${COUNT} vassals running`, () => (listVassalMasters(pid).size >= COUNT ? true : undefined), {intervalMs: 20, timeoutMs: 300_000});
		const allRunningMs = Date.now() - landedAt;
		const cpuMs = readCpuMs(pid) - cpuBefore;
		return {stallMs: await readLoopDelayMaxMs(metricsAddress!), allRunningMs, cpuMs};
	} finally {
		await cleanUp(supervisor, vassalsDir);
		rmSync(root, {recursive: true, force: true});
	}
};

const trials: Trial[] = [];
for (let trial = 1; trial <= TRIALS; trial++) {
	trials.push(await landOnce());
	process.stderr.write(`[landing-stall] trial ${trial}/${TRIALS}: stall ${trials.at(-1)!.stallMs.toFixed(0)} ms\n`);
}
console.log(renderFigures(`${COUNT} files land at once under emperor (light fake vassals, ${TRIALS} trials)`, [
	{measure: 'longest event-loop stall (lag_max: the stall plus up to 10 ms)', unit: 'ms', values: trials.map(trial => trial.stallMs)},
	{measure: `all ${COUNT} vassal processes running`, unit: 'ms', values: trials.map(trial => trial.allRunningMs)},
	{measure: 'emperor CPU until then', unit: 'ms', values: trials.map(trial => trial.cpuMs)},
]));
