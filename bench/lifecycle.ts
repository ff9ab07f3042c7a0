// One vassal's life under each supervisor: its file lands (atomic rename, then plain write) → spawned → first
// HTTP 200; touch → served by a new worker; SIGKILL of its master → respawned → served again; rm → socket closed.
// The same real uWSGI vassals (python3, one worker, unix socket) under emperor and under uwsgi --emperor, both
// with default settings, one supervisor after the other. Run: npx tsx bench/lifecycle.ts (LANDINGS=4 per mode)
import {mkdtempSync, rmSync, statSync, utimesSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {listChildPids} from '../test/helpers/processes.js';
import {waitFor} from './lib/poll.js';
import {renderComparisons, type Comparison} from './lib/side-by-side.js';
import {cleanUp, startSupervisor, SUPERVISORS, type Supervisor, type SupervisorKind} from './lib/supervisor.js';
import {makeLightVassalIni, prepareSite, socketOf, waitClosed, waitServed, writeAtomically, type VassalSite} from './lib/vassal-apps.js';

const LANDINGS = Number(process.env.LANDINGS ?? 4);
// uWSGI scans every 3 s and after any vassal message: a change made right after the last one would be seen at once,
// or right after a scan, a full period later; a random pause puts each change at a random phase of its scan clock
// (the emperor reacts to the change itself, so it needs no such pause)
const SCAN_PERIOD_MS = 3_000;
const atRandomPhase = (supervisor: Supervisor) => waitFor(supervisor.kind === 'uwsgi' ? Math.random() * SCAN_PERIOD_MS : 0);
// the emperor respawns a vassal at once only after --emperor-stable-uptime (default 10 s); before, it backs off
const STABLE_UPTIME_MS = 10_500;

type Figures = Map<string, number[]>;
type Vassal = {name: string; path: string; socket: string; masters: number[]; spawnedAt: number};

const record = (figures: Figures, measure: string, value: number) => figures.set(measure, [...(figures.get(measure) ?? []), value]);
const progress = (text: string) => process.stderr.write(`[lifecycle] ${text}\n`);

const land = async (supervisor: Supervisor, site: VassalSite, index: number, figures: Figures): Promise<Vassal> => {
	const mode = index % 2 === 0 ? 'atomic rename' : 'plain write';
	const name = `app${index}.ini`;
	const vassal = {name, path: join(site.vassalsDir, name), socket: socketOf(site, name), masters: [] as number[], spawnedAt: 0};
	const text = makeLightVassalIni(vassal.socket);
	await atRandomPhase(supervisor);
	const landedAt = Date.now();
	if (mode === 'atomic rename') writeAtomically(vassal.path, text);
	else writeFileSync(vassal.path, text);
	const spawned = await supervisor.waitForVassal(name);
	await waitServed(vassal.socket);
	record(figures, `file lands (${mode}) → vassal spawned`, spawned.at - landedAt);
	record(figures, `file lands (${mode}) → first HTTP 200`, Date.now() - landedAt);
	vassal.masters.push(spawned.pid);
	vassal.spawnedAt = spawned.at;
	return vassal;
};

// uWSGI reloads only when the mtime's whole second grows (core/emperor.c), so its touch starts in a later second
const touch = async (supervisor: Supervisor, vassal: Vassal, figures: Figures) => {
	const before = await waitServed(vassal.socket);
	if (supervisor.kind === 'uwsgi') await waitFor(Math.max(0, (Math.floor(statSync(vassal.path).mtimeMs / 1000) + 1) * 1000 - Date.now()));
	await atRandomPhase(supervisor);
	const touchedAt = new Date();
	utimesSync(vassal.path, touchedAt, touchedAt);
	await waitServed(vassal.socket, worker => worker !== before);
	record(figures, 'touch → served by a new worker', Date.now() - touchedAt.getTime());
};

const killMaster = async (supervisor: Supervisor, vassal: Vassal, age: string, figures: Figures) => {
	await waitServed(vassal.socket);
	const killedAt = Date.now();
	process.kill(vassal.masters.at(-1)!, 'SIGKILL');
	const respawned = await supervisor.waitForVassal(vassal.name, vassal.masters);
	vassal.masters.push(respawned.pid);
	vassal.spawnedAt = respawned.at;
	// only a worker of the new master counts: an orphaned old worker may still hold the socket for a moment
	await waitServed(vassal.socket, worker => listChildPids(respawned.pid).includes(worker));
	record(figures, `SIGKILL of a master up ${age} → respawned`, respawned.at - killedAt);
	record(figures, `SIGKILL of a master up ${age} → served again`, Date.now() - killedAt);
};

const remove = async (supervisor: Supervisor, vassal: Vassal, figures: Figures) => {
	await atRandomPhase(supervisor);
	const removedAt = Date.now();
	rmSync(vassal.path);
	await waitClosed(vassal.socket);
	record(figures, 'rm → socket closed', Date.now() - removedAt);
};

const measureUnder = async (kind: SupervisorKind): Promise<Figures> => {
	const root = mkdtempSync(join(tmpdir(), `emperor-bench-lifecycle-${kind}-`));
	const site = prepareSite(root);
	const figures: Figures = new Map();
	let supervisor: Supervisor | undefined;
	try {
		supervisor = await startSupervisor(kind, {vassalsDir: site.vassalsDir, logFile: join(root, 'supervisor.log')});
		const vassals: Vassal[] = [];
		for (let index = 0; index < 2 * LANDINGS; index++) vassals.push(await land(supervisor, site, index, figures));
		progress(`${kind}: ${vassals.length} vassals landed`);
		for (const vassal of vassals) await touch(supervisor, vassal, figures);
		progress(`${kind}: touched`);
		for (const vassal of vassals) {
			await waitFor(Math.max(0, vassal.spawnedAt + STABLE_UPTIME_MS - Date.now()));
			await killMaster(supervisor, vassal, '> 10 s', figures);
			await killMaster(supervisor, vassal, '< 10 s', figures);
		}
		progress(`${kind}: killed`);
		for (const vassal of vassals) await remove(supervisor, vassal, figures);
		return figures;
	} finally {
		await cleanUp(supervisor, site.vassalsDir);
		rmSync(root, {recursive: true, force: true});
	}
};

const ours = await measureUnder('emperor');
const theirs = await measureUnder(SUPERVISORS[1]!);
const comparisons: Comparison[] = [...ours.keys()].map(measure => ({measure, unit: 'ms', emperor: ours.get(measure)!, uwsgi: theirs.get(measure) ?? []}));
console.log(renderComparisons(`One vassal's life (${LANDINGS} landings per write mode; real uWSGI, default settings)`, comparisons));
