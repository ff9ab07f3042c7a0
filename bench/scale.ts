// N light real uWSGI vassals land at once under each supervisor: time until all are spawned and all serve, the
// supervisor's CPU while they land, its RSS, its CPU while idle, and SIGTERM → exit. One trial per N and supervisor.
// The idle CPU is measured at the largest N only (IDLE_SECONDS=30), where the target is; below, IDLE_SECONDS_SMALL
// (default 0: skipped, to keep npm run bench under 10 minutes). Run: npx tsx bench/scale.ts (SCALE_SIZES=100,300,1000)
import {mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {pollUntil, waitFor} from './lib/poll.js';
import {listVassalMasters, readCpuMs, readRssBytes} from './lib/proc.js';
import {renderComparisons, type Comparison} from './lib/side-by-side.js';
import {cleanUp, startSupervisor, type Supervisor, type SupervisorKind} from './lib/supervisor.js';
import {askWorkerPid, makeLightVassalIni, prepareSite, socketOf, type VassalSite} from './lib/vassal-apps.js';

const SIZES = (process.env.SCALE_SIZES ?? '100,300,1000').split(',').map(Number);
const IDLE_SECONDS = Number(process.env.IDLE_SECONDS ?? 30);
const IDLE_SECONDS_SMALL = Number(process.env.IDLE_SECONDS_SMALL ?? 0);
const MB = 1024 * 1024;

type Figures = Record<string, number>;
const progress = (text: string) => process.stderr.write(`[scale] ${text}\n`);

// MemAvailable of /proc/meminfo in bytes: what N vassals take from the machine
const readAvailableMemory = () => Number(/^MemAvailable:\s+(\d+) kB$/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1]) * 1024;

// writes N vassal files into a staging folder on the same filesystem, so that they can land by rename at once
const stageVassals = (root: string, site: VassalSite, count: number): string[] => {
	const staging = join(root, 'staging');
	mkdirSync(staging);
	const names = Array.from({length: count}, (_, index) => `v${String(index).padStart(4, '0')}.ini`);
	for (const name of names) writeFileSync(join(staging, name), makeLightVassalIni(socketOf(site, name)));
	return names;
};

// asks every socket that has not answered yet, round after round, until all have answered
const waitAllServing = async (site: VassalSite, names: readonly string[]) => {
	const waiting = new Set(names);
	await pollUntil(`${names.length} vassals to serve`, async () => {
		for (const name of [...waiting]) if ((await askWorkerPid(socketOf(site, name))) !== undefined) waiting.delete(name);
		return waiting.size === 0 ? true : undefined;
	}, {intervalMs: 100, timeoutMs: 300_000});
};

const measureUnder = async (kind: SupervisorKind, count: number, idleSeconds: number): Promise<Figures> => {
	const root = mkdtempSync(join(tmpdir(), `emperor-bench-scale-${kind}-`));
	const site = prepareSite(root);
	const names = stageVassals(root, site, count);
	let supervisor: Supervisor | undefined;
	try {
		supervisor = await startSupervisor(kind, {vassalsDir: site.vassalsDir, logFile: join(root, 'supervisor.log'), pollMs: 50});
		const {pid} = supervisor;
		const memoryBefore = readAvailableMemory();
		const cpuBefore = readCpuMs(pid);
		const landedAt = Date.now();
		for (const name of names) renameSync(join(root, 'staging', name), join(site.vassalsDir, name));
		await pollUntil(`${count} vassals spawned`, () => (listVassalMasters(pid).size >= count ? true : undefined), {intervalMs: 50, timeoutMs: 300_000});
		const spawnedAt = Date.now();
		const cpuUntilSpawned = readCpuMs(pid) - cpuBefore;
		await waitAllServing(site, names);
		const servedAt = Date.now();
		const figures: Figures = {
			'all spawned (ms)': spawnedAt - landedAt,
			'all serving (ms)': servedAt - landedAt,
			'supervisor CPU until all serve (ms)': readCpuMs(pid) - cpuBefore,
			'supervisor CPU per vassal spawn, until all spawned (ms)': cpuUntilSpawned / count,
			'supervisor RSS, all serving (MB)': readRssBytes(pid) / MB,
			'machine memory used by the vassals (MB)': (memoryBefore - readAvailableMemory()) / MB,
		};
		progress(`${kind} N=${count}: all serving after ${servedAt - landedAt} ms; idle ${idleSeconds} s`);
		if (idleSeconds > 0) {
			const idleCpuBefore = readCpuMs(pid);
			await waitFor(idleSeconds * 1000);
			figures[`supervisor CPU while idle ${idleSeconds} s (% of a core)`] = ((readCpuMs(pid) - idleCpuBefore) / (idleSeconds * 1000)) * 100;
			figures['supervisor RSS after the idle period (MB)'] = readRssBytes(pid) / MB;
		}
		figures['SIGTERM → supervisor exited (ms)'] = await supervisor.stop('SIGTERM');
		return figures;
	} finally {
		await cleanUp(supervisor, site.vassalsDir);
		rmSync(root, {recursive: true, force: true});
	}
};

for (const count of SIZES) {
	const idleSeconds = count === Math.max(...SIZES) ? IDLE_SECONDS : IDLE_SECONDS_SMALL;
	const ours = await measureUnder('emperor', count, idleSeconds);
	const theirs = await measureUnder('uwsgi', count, idleSeconds);
	const comparisons: Comparison[] = Object.keys(ours).map(key => {
		const [, measure = key, unit = ''] = /^(.*) \((.*)\)$/.exec(key) ?? [];
		return {measure, unit, emperor: [ours[key]!], uwsgi: [theirs[key] ?? Number.NaN]};
	});
	console.log(renderComparisons(`${count} vassals land at once (real uWSGI, one trial)`, comparisons));
}
