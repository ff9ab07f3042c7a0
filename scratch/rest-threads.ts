// scratch: per-thread CPU of a supervisor with N vassals at rest, over windows of W s
import {mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {pollUntil} from '../bench/lib/poll.js';
import {cleanUp, startSupervisor, type SupervisorKind} from '../bench/lib/supervisor.js';
import {askWorkerPid, makeLightVassalIni, prepareSite, socketOf} from '../bench/lib/vassal-apps.js';

const N = Number(process.env.N ?? 300);
const W = Number(process.env.W ?? 30);
const kind = (process.env.KIND ?? 'emperor') as SupervisorKind;
const root = mkdtempSync(join(tmpdir(), 'rest-'));
const site = prepareSite(root);
const staging = join(root, 'staging');
mkdirSync(staging);
const names = Array.from({length: N}, (_, i) => `v${String(i).padStart(4, '0')}.ini`);
for (const name of names) writeFileSync(join(staging, name), makeLightVassalIni(socketOf(site, name)));
import {spawn} from 'node:child_process';
import {openSync} from 'node:fs';
let sup: any; let pid: number;
if (process.env.RAW) {
	const out = openSync('/tmp/raw-emperor.log', 'w');
	const child = spawn('node', [...process.env.RAW.split(' '), 'dist/cli.js', '--vassals', site.vassalsDir, ...(process.env.EXTRA ?? '').split(' ').filter(Boolean)], {stdio: ['ignore', out, out]});
	pid = child.pid!;
	await delay(1500);
	sup = {pid, stop: async () => { child.kill('SIGTERM'); await new Promise(r => child.once('exit', r)); return 0; }};
} else {
	sup = await startSupervisor(kind, {vassalsDir: site.vassalsDir, logFile: join(root, 'log'), pollMs: 50, extraArgs: (process.env.EXTRA ?? '').split(' ').filter(Boolean)});
	pid = sup.pid;
}
const threads = () => {
	const out = new Map<string, {ns: number; switches: number}>();
	for (const tid of readdirSync(`/proc/${pid}/task`)) {
		try {
			const comm = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
			const ns = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
			const status = readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8');
			const switches = Number(/^voluntary_ctxt_switches:\s+(\d+)/m.exec(status)![1]) + Number(/^nonvoluntary_ctxt_switches:\s+(\d+)/m.exec(status)![1]);
			out.set(`${tid} ${comm}`, {ns, switches});
		} catch {}
	}
	return out;
};
for (const name of names) renameSync(join(staging, name), join(site.vassalsDir, name));
const waiting = new Set(names);
await pollUntil('serving', async () => {
	for (const name of [...waiting]) if ((await askWorkerPid(socketOf(site, name))) !== undefined) waiting.delete(name);
	return waiting.size === 0 ? true : undefined;
}, {intervalMs: 100, timeoutMs: 300_000});
await delay(5000);
for (let window = 0; window < Number(process.env.WINDOWS ?? 2); window++) {
	const before = threads();
	await delay(W * 1000);
	const after = threads();
	let total = 0;
	const rows: string[] = [];
	for (const [key, value] of after) {
		const old = before.get(key) ?? {ns: 0, switches: 0};
		const ms = (value.ns - old.ns) / 1e6;
		total += ms;
		if (ms > 0.05 || value.switches !== old.switches) rows.push(`  ${key}: ${ms.toFixed(2)} ms, ${value.switches - old.switches} switches`);
	}
	console.log(new Date().toISOString());
	console.log(`${kind} window ${window}: ${total.toFixed(2)} ms\n${rows.join('\n')}`);
}
await cleanUp(sup, site.vassalsDir);
