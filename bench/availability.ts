// Availability side by side with uWSGI's Emperor (real uWSGI vassals): a serving vassal's master SIGKILLed KILLS
// times in a row, each time once it serves again (kill → served again by a worker of the new master); the
// supervisor SIGKILLed with ORPHAN_VASSALS vassals (→ every vassal process gone); and boot with one vassal already
// in the directory (→ its first HTTP 200), BOOT_TRIALS times. Run: npx tsx bench/availability.ts (PARTS=boot runs
// only the boot trials, PARTS=kills,orphans the others)
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {isProcessAlive, listChildPids} from '../test/helpers/processes.js';
import {pollUntil} from './lib/poll.js';
import {renderComparisons} from './lib/side-by-side.js';
import {cleanUp, startSupervisor, SUPERVISORS, type Supervisor, type SupervisorKind} from './lib/supervisor.js';
import {makeLightVassalIni, prepareSite, socketOf, waitServed, writeAtomically, type VassalSite} from './lib/vassal-apps.js';

const KILLS = Number(process.env.KILLS ?? 5);
const ORPHAN_VASSALS = Number(process.env.ORPHAN_VASSALS ?? 20);
const BOOT_TRIALS = Number(process.env.BOOT_TRIALS ?? 5);
const NAME = 'app.ini';
const PARTS = new Set((process.env.PARTS ?? 'kills,orphans,boot').split(','));
const progress = (text: string) => process.stderr.write(`[availability] ${text}\n`);

// runs one measurement in a fresh site under one supervisor, cleaning up whatever happens
const inSite = async <T>(kind: SupervisorKind, label: string, run: (site: VassalSite, root: string) => Promise<T>): Promise<T> => {
	const root = mkdtempSync(join(tmpdir(), `emperor-bench-${label}-${kind}-`));
	try {
		return await run(prepareSite(root), root);
	} finally {
		rmSync(root, {recursive: true, force: true});
	}
};

// every process under pid, children first found by /proc/PID/task/*/children
const listDescendants = (pid: number): number[] => listChildPids(pid).flatMap(child => [child, ...listDescendants(child)]);

// kill → served again by a worker of the new master, KILLS times in a row
const measureRepeatedKills = (kind: SupervisorKind): Promise<number[]> => inSite(kind, 'kills', async (site, root) => {
	let supervisor: Supervisor | undefined;
	try {
		supervisor = await startSupervisor(kind, {vassalsDir: site.vassalsDir, logFile: join(root, 'supervisor.log')});
		writeAtomically(join(site.vassalsDir, NAME), makeLightVassalIni(socketOf(site, NAME)));
		const masters = [(await supervisor.waitForVassal(NAME)).pid];
		await waitServed(socketOf(site, NAME), worker => listChildPids(masters.at(-1)!).includes(worker));
		const times: number[] = [];
		for (let kill = 0; kill < KILLS; kill++) {
			const killedAt = Date.now();
			process.kill(masters.at(-1)!, 'SIGKILL');
			const next = await supervisor.waitForVassal(NAME, masters);
			masters.push(next.pid);
			await waitServed(socketOf(site, NAME), worker => listChildPids(next.pid).includes(worker));
			times.push(Date.now() - killedAt);
		}
		progress(`${kind}: kill → served again ${times.join(', ')} ms`);
		return times;
	} finally {
		await cleanUp(supervisor, site.vassalsDir);
	}
});

// SIGKILL of the supervisor with ORPHAN_VASSALS serving vassals → every process that was under it is gone
const measureOrphans = (kind: SupervisorKind): Promise<number> => inSite(kind, 'orphans', async (site, root) => {
	let supervisor: Supervisor | undefined;
	try {
		supervisor = await startSupervisor(kind, {vassalsDir: site.vassalsDir, logFile: join(root, 'supervisor.log')});
		const names = Array.from({length: ORPHAN_VASSALS}, (_, index) => `v${index}.ini`);
		for (const name of names) writeAtomically(join(site.vassalsDir, name), makeLightVassalIni(socketOf(site, name)));
		for (const name of names) await waitServed(socketOf(site, name));
		const processes = listDescendants(supervisor.pid);
		const killedAt = Date.now();
		process.kill(supervisor.pid, 'SIGKILL');
		await pollUntil('every vassal process to go', () => (processes.some(isProcessAlive) ? undefined : true), {intervalMs: 2, timeoutMs: 30_000});
		const goneMs = Date.now() - killedAt;
		progress(`${kind}: ${processes.length} processes gone ${goneMs} ms after the SIGKILL`);
		return goneMs;
	} finally {
		await cleanUp(supervisor, site.vassalsDir).catch(() => undefined);
	}
});

// the supervisor starts with the vassal file already there → its first HTTP 200 (polled from before the start)
const measureBoot = (kind: SupervisorKind): Promise<number> => inSite(kind, 'boot', async (site, root) => {
	let supervisor: Supervisor | undefined;
	try {
		writeFileSync(join(site.vassalsDir, NAME), makeLightVassalIni(socketOf(site, NAME)));
		const startedAt = Date.now();
		const served = waitServed(socketOf(site, NAME));
		supervisor = await startSupervisor(kind, {vassalsDir: site.vassalsDir, logFile: join(root, 'supervisor.log')});
		await served;
		return Date.now() - startedAt;
	} finally {
		await cleanUp(supervisor, site.vassalsDir);
	}
});

const results = {kills: new Map<SupervisorKind, number[]>(), orphans: new Map<SupervisorKind, number[]>(), boot: new Map<SupervisorKind, number[]>()};
if (PARTS.has('kills')) for (const kind of SUPERVISORS) results.kills.set(kind, await measureRepeatedKills(kind));
if (PARTS.has('orphans')) for (const kind of SUPERVISORS) results.orphans.set(kind, [await measureOrphans(kind), await measureOrphans(kind)]);
for (let trial = 0; PARTS.has('boot') && trial < BOOT_TRIALS; trial++) {
	// alternate, so that a slow phase of the machine hits both
	for (const kind of SUPERVISORS) results.boot.set(kind, [...(results.boot.get(kind) ?? []), await measureBoot(kind)]);
}
const rows = [
	{part: 'kills', measure: `serving vassal's master SIGKILLed ${KILLS}× in a row, each once it serves again → served again`, unit: 'ms', emperor: results.kills.get('emperor')!, uwsgi: results.kills.get('uwsgi')!},
	{part: 'orphans', measure: `supervisor SIGKILLed with ${ORPHAN_VASSALS} vassals → every vassal process gone (2 trials)`, unit: 'ms', emperor: results.orphans.get('emperor')!, uwsgi: results.orphans.get('uwsgi')!},
	{part: 'boot', measure: 'start with one vassal in the directory → its first HTTP 200', unit: 'ms', emperor: results.boot.get('emperor')!, uwsgi: results.boot.get('uwsgi')!},
];
console.log(renderComparisons('Availability (real uWSGI vassals, default settings)', rows.filter(row => PARTS.has(row.part)).map(({part: _part, ...row}) => row)));
