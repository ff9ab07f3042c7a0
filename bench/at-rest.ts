// REST_VASSALS real uWSGI vassals at rest under each supervisor (emperor also with --metrics): once all serve and
// SETTLE_SECONDS passed, the supervisor's wake-ups per second (context switches of all its threads, from
// /proc/PID/task/*/status) and CPU (all threads, /proc/PID/task/*/schedstat) over REST_SECONDS, and its RSS; then,
// STEADY_SECONDS later, the same over a second window: the first still holds what follows a landing (V8 optimizing
// and collecting in the emperor), the second a supervisor long at rest. Run: npx tsx bench/at-rest.ts
import {mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {getFreePort} from '../test/helpers/ports.js';
import {pollUntil, waitFor} from './lib/poll.js';
import {readContextSwitches, readRssBytes, readThreadsCpuMs} from './lib/proc.js';
import {renderComparisons} from './lib/side-by-side.js';
import {cleanUp, startSupervisor, type Supervisor, type SupervisorKind} from './lib/supervisor.js';
import {askWorkerPid, makeLightVassalIni, prepareSite, socketOf} from './lib/vassal-apps.js';

const COUNT = Number(process.env.REST_VASSALS ?? 300);
const REST_SECONDS = Number(process.env.REST_SECONDS ?? 30);
const SETTLE_SECONDS = Number(process.env.SETTLE_SECONDS ?? 5);
const STEADY_SECONDS = Number(process.env.STEADY_SECONDS ?? 30);
const MB = 1024 * 1024;
const progress = (text: string) => process.stderr.write(`[at-rest] ${text}\n`);

type Window = {wakeupsPerSecond: number; cpuMs: number};
type Figures = {afterLanding: Window; steady: Window; rssMb: number};

// wake-ups per second and CPU of a process over the next REST_SECONDS
const measureWindow = async (pid: number): Promise<Window> => {
	const [switches, cpu] = [readContextSwitches(pid), readThreadsCpuMs(pid)];
	await waitFor(REST_SECONDS * 1000);
	return {wakeupsPerSecond: (readContextSwitches(pid) - switches) / REST_SECONDS, cpuMs: readThreadsCpuMs(pid) - cpu};
};

const measureUnder = async (kind: SupervisorKind, extraArgs: string[]): Promise<Figures> => {
	const root = mkdtempSync(join(tmpdir(), `emperor-bench-rest-${kind}-`));
	const site = prepareSite(root);
	const staging = join(root, 'staging');
	mkdirSync(staging);
	const names = Array.from({length: COUNT}, (_, index) => `v${String(index).padStart(4, '0')}.ini`);
	for (const name of names) writeFileSync(join(staging, name), makeLightVassalIni(socketOf(site, name)));
	let supervisor: Supervisor | undefined;
	try {
		supervisor = await startSupervisor(kind, {vassalsDir: site.vassalsDir, logFile: join(root, 'supervisor.log'), pollMs: 50, extraArgs});
		for (const name of names) renameSync(join(staging, name), join(site.vassalsDir, name));
		const waiting = new Set(names);
		await pollUntil(`${COUNT} vassals to serve`, async () => {
			for (const name of [...waiting]) if ((await askWorkerPid(socketOf(site, name))) !== undefined) waiting.delete(name);
			return waiting.size === 0 ? true : undefined;
		}, {intervalMs: 100, timeoutMs: 300_000});
		await waitFor(SETTLE_SECONDS * 1000);
		const {pid} = supervisor;
		const afterLanding = await measureWindow(pid);
		const rssMb = readRssBytes(pid) / MB;
		await waitFor(STEADY_SECONDS * 1000);
		const figures = {afterLanding, steady: await measureWindow(pid), rssMb};
		progress(`${kind} ${extraArgs.join(' ')}: ${JSON.stringify(figures)}`);
		return figures;
	} finally {
		await cleanUp(supervisor, site.vassalsDir);
		rmSync(root, {recursive: true, force: true});
	}
};

const plain = await measureUnder('emperor', []);
const withMetrics = await measureUnder('emperor', ['--metrics', `127.0.0.1:${await getFreePort()}`]);
const theirs = await measureUnder('uwsgi', []);
const later = `${REST_SECONDS + STEADY_SECONDS} s later`;
console.log(renderComparisons(`${COUNT} vassals at rest for ${REST_SECONDS} s (real uWSGI, after all serve and ${SETTLE_SECONDS} s more; again ${STEADY_SECONDS} s after that)`, [
	{measure: 'supervisor wake-ups per second (context switches, all threads)', unit: '/s', emperor: [plain.afterLanding.wakeupsPerSecond], uwsgi: [theirs.afterLanding.wakeupsPerSecond]},
	{measure: 'the same, emperor with --metrics', unit: '/s', emperor: [withMetrics.afterLanding.wakeupsPerSecond], uwsgi: [theirs.afterLanding.wakeupsPerSecond]},
	{measure: `the same, ${later}`, unit: '/s', emperor: [plain.steady.wakeupsPerSecond], uwsgi: [theirs.steady.wakeupsPerSecond]},
	{measure: `supervisor CPU over ${REST_SECONDS} s (all threads)`, unit: 'ms', emperor: [plain.afterLanding.cpuMs], uwsgi: [theirs.afterLanding.cpuMs]},
	{measure: 'the same, emperor with --metrics', unit: 'ms', emperor: [withMetrics.afterLanding.cpuMs], uwsgi: [theirs.afterLanding.cpuMs]},
	{measure: `the same, ${later}`, unit: 'ms', emperor: [plain.steady.cpuMs], uwsgi: [theirs.steady.cpuMs]},
	{measure: `the same with --metrics, ${later}`, unit: 'ms', emperor: [withMetrics.steady.cpuMs], uwsgi: [theirs.steady.cpuMs]},
	{measure: 'supervisor RSS', unit: 'MB', emperor: [plain.rssMb], uwsgi: [theirs.rssMb]},
]));
