// A real uWSGI vassal whose app cannot load (exit 22 about 50 ms after start) under each supervisor at the same
// time, for CRASH_SECONDS (default 30): how many spawns that makes, and the supervisor's CPU meanwhile.
// Run: npx tsx bench/crash-loop.ts
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {waitFor} from './lib/poll.js';
import {readCpuMs} from './lib/proc.js';
import {renderComparisons} from './lib/side-by-side.js';
import {cleanUp, startSupervisor, SUPERVISORS, type Supervisor, type SupervisorKind} from './lib/supervisor.js';
import {makeCrashingVassalIni, prepareSite, socketOf, writeAtomically} from './lib/vassal-apps.js';

const SECONDS = Number(process.env.CRASH_SECONDS ?? 30);
const NAME = 'crash.ini';

type Figures = {spawns: number; cpuMs: number};

const measureUnder = async (kind: SupervisorKind): Promise<Figures> => {
	const root = mkdtempSync(join(tmpdir(), `emperor-bench-crash-${kind}-`));
	const site = prepareSite(root);
	let supervisor: Supervisor | undefined;
	try {
		supervisor = await startSupervisor(kind, {vassalsDir: site.vassalsDir, logFile: join(root, 'supervisor.log')});
		const cpuBefore = readCpuMs(supervisor.pid);
		writeAtomically(join(site.vassalsDir, NAME), makeCrashingVassalIni(socketOf(site, NAME)));
		await waitFor(SECONDS * 1000);
		return {spawns: supervisor.countSpawns(NAME), cpuMs: readCpuMs(supervisor.pid) - cpuBefore};
	} finally {
		await cleanUp(supervisor, site.vassalsDir);
		rmSync(root, {recursive: true, force: true});
	}
};

process.stderr.write(`[crash-loop] both supervisors at once, ${SECONDS} s\n`);
const [ours, theirs] = await Promise.all(SUPERVISORS.map(measureUnder)) as [Figures, Figures];
const perMinute = (figures: Figures) => (figures.spawns * 60) / SECONDS;
const cpuShare = (figures: Figures) => (figures.cpuMs / (SECONDS * 1000)) * 100;
console.log(renderComparisons(`A crash-looping vassal for ${SECONDS} s (real uWSGI, exit 22 at start; both supervisors side by side)`, [
	{measure: `spawns in ${SECONDS} s`, unit: 'spawns', emperor: [ours.spawns], uwsgi: [theirs.spawns]},
	{measure: 'spawns per minute', unit: 'spawns', emperor: [perMinute(ours)], uwsgi: [perMinute(theirs)]},
	{measure: 'supervisor CPU', unit: '% of a core', emperor: [cpuShare(ours)], uwsgi: [cpuShare(theirs)]},
	{measure: 'supervisor CPU per spawn', unit: 'ms', emperor: [ours.cpuMs / ours.spawns], uwsgi: [theirs.cpuMs / theirs.spawns]},
]));
