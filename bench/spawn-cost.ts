// The supervisor's CPU per vassal spawn, split into user and system time (/proc/PID/stat), with SPAWN_COUNT (500)
// light fake vassals (one perl process each) landing at once: the emperor with its native spawn (posix_spawn), the
// emperor with EMPEROR_NATIVE_SPAWN=0 (node:child_process, which forks the emperor), and `uwsgi --emperor` running
// the same light vassal (--binary-path). One supervisor at a time, so that each has the machine to itself.
// Run: npx tsx bench/spawn-cost.ts
import {mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {LIGHT_VASSAL_INI, LIGHT_VASSAL_PATH} from '../test/helpers/light-vassal.js';
import {pollUntil} from './lib/poll.js';
import {listVassalMasters} from './lib/proc.js';
import {renderComparisons} from './lib/side-by-side.js';
import {cleanUp, startSupervisor, type Supervisor, type SupervisorKind} from './lib/supervisor.js';

const COUNT = Number(process.env.SPAWN_COUNT ?? 500);
// clock ticks per second of /proc/PID/stat
const TICKS = 100;

type Cpu = {userMs: number; systemMs: number; minorFaults: number};
type Run = {perSpawn: Cpu; allRunningMs: number};

// utime, stime and minflt of a process so far
const readCpu = (pid: number): Cpu => {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return {userMs: (Number(fields[11]) * 1000) / TICKS, systemMs: (Number(fields[12]) * 1000) / TICKS, minorFaults: Number(fields[7])};
};

const landUnder = async (kind: SupervisorKind, nativeSpawn: boolean): Promise<Run> => {
	const root = mkdtempSync(join(tmpdir(), 'emperor-bench-spawn-cost-'));
	const [vassalsDir, staging] = [join(root, 'vassals'), join(root, 'staging')];
	mkdirSync(vassalsDir);
	mkdirSync(staging);
	const names = Array.from({length: COUNT}, (_, index) => `v${String(index).padStart(4, '0')}.ini`);
	for (const name of names) writeFileSync(join(staging, name), LIGHT_VASSAL_INI);
	let supervisor: Supervisor | undefined;
	try {
		// the emperor reads it once, at its first spawn; its environment is copied when it starts
		if (!nativeSpawn) process.env.EMPEROR_NATIVE_SPAWN = '0';
		supervisor = await startSupervisor(kind, {vassalsDir, logFile: join(root, 'supervisor.log'), extraArgs: ['--binary-path', LIGHT_VASSAL_PATH], pollMs: 50});
		delete process.env.EMPEROR_NATIVE_SPAWN;
		const {pid} = supervisor;
		const before = readCpu(pid);
		const landedAt = Date.now();
		for (const name of names) renameSync(join(staging, name), join(vassalsDir, name));
		await pollUntil(`${COUNT} vassals running`, () => (listVassalMasters(pid).size >= COUNT ? true : undefined), {intervalMs: 50, timeoutMs: 300_000});
		const allRunningMs = Date.now() - landedAt;
		const after = readCpu(pid);
		return {
			allRunningMs,
			perSpawn: {userMs: (after.userMs - before.userMs) / COUNT, systemMs: (after.systemMs - before.systemMs) / COUNT, minorFaults: (after.minorFaults - before.minorFaults) / COUNT},
		};
	} finally {
		delete process.env.EMPEROR_NATIVE_SPAWN;
		await cleanUp(supervisor, vassalsDir);
		rmSync(root, {recursive: true, force: true});
	}
};

process.stderr.write(`[spawn-cost] ${COUNT} light vassals land at once, under each supervisor in turn\n`);
const native = await landUnder('emperor', true);
const forked = await landUnder('emperor', false);
const uwsgi = await landUnder('uwsgi', true);
const rows = (title: string, run: (kind: Run) => number, unit: string) => [
	{measure: `${title}, posix_spawn`, unit, emperor: [run(native)], uwsgi: [run(uwsgi)]},
	{measure: `${title}, child_process (EMPEROR_NATIVE_SPAWN=0)`, unit, emperor: [run(forked)], uwsgi: [run(uwsgi)]},
];
console.log(renderComparisons(`${COUNT} light vassals land at once: the supervisor's CPU per spawn until all run (one supervisor at a time)`, [
	...rows('CPU per spawn', run => run.perSpawn.userMs + run.perSpawn.systemMs, 'ms'),
	...rows('user CPU per spawn', run => run.perSpawn.userMs, 'ms'),
	...rows('system CPU per spawn', run => run.perSpawn.systemMs, 'ms'),
	...rows('minor page faults per spawn', run => run.perSpawn.minorFaults, 'faults'),
	...rows(`all ${COUNT} running`, run => run.allRunningMs, 'ms'),
]));
