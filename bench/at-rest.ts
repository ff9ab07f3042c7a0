// REST_VASSALS real uWSGI vassals at rest under each supervisor (emperor also with --metrics): once all serve and
// SETTLE_SECONDS passed, the supervisor's wake-ups per second (context switches of all its threads, from
// /proc/PID/task/*/status) and CPU over REST_SECONDS, and its RSS. Run: npx tsx bench/at-rest.ts
import {mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {getFreePort} from '../test/helpers/ports.js';
import {pollUntil, waitFor} from './lib/poll.js';
import {readContextSwitches, readCpuMs, readRssBytes} from './lib/proc.js';
import {renderComparisons} from './lib/side-by-side.js';
import {cleanUp, startSupervisor, type Supervisor, type SupervisorKind} from './lib/supervisor.js';
import {askWorkerPid, makeLightVassalIni, prepareSite, socketOf} from './lib/vassal-apps.js';

const COUNT = Number(process.env.REST_VASSALS ?? 300);
const REST_SECONDS = Number(process.env.REST_SECONDS ?? 30);
const SETTLE_SECONDS = Number(process.env.SETTLE_SECONDS ?? 5);
const MB = 1024 * 1024;
const progress = (text: string) => process.stderr.write(`[at-rest] ${text}\n`);

type Figures = {wakeupsPerSecond: number; cpuMs: number; rssMb: number};

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
		const switchesBefore = readContextSwitches(pid);
		const cpuBefore = readCpuMs(pid);
		await waitFor(REST_SECONDS * 1000);
		const figures = {
			wakeupsPerSecond: (readContextSwitches(pid) - switchesBefore) / REST_SECONDS,
			cpuMs: readCpuMs(pid) - cpuBefore,
			rssMb: readRssBytes(pid) / MB,
		};
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
console.log(renderComparisons(`${COUNT} vassals at rest for ${REST_SECONDS} s (real uWSGI, after all serve and ${SETTLE_SECONDS} s more)`, [
	{measure: 'supervisor wake-ups per second (context switches, all threads)', unit: '/s', emperor: [plain.wakeupsPerSecond], uwsgi: [theirs.wakeupsPerSecond]},
	{measure: 'the same, emperor with --metrics', unit: '/s', emperor: [withMetrics.wakeupsPerSecond], uwsgi: [theirs.wakeupsPerSecond]},
	{measure: `supervisor CPU over ${REST_SECONDS} s`, unit: 'ms', emperor: [plain.cpuMs], uwsgi: [theirs.cpuMs]},
	{measure: `the same, emperor with --metrics`, unit: 'ms', emperor: [withMetrics.cpuMs], uwsgi: [theirs.cpuMs]},
	{measure: 'supervisor RSS', unit: 'MB', emperor: [plain.rssMb], uwsgi: [theirs.rssMb]},
]));
