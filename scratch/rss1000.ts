// scratch: RSS breakdown of the emperor with N real uWSGI vassals
import {mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {pollUntil} from '../bench/lib/poll.js';
import {listVassalMasters} from '../bench/lib/proc.js';
import {cleanUp, startSupervisor} from '../bench/lib/supervisor.js';
import {askWorkerPid, makeLightVassalIni, prepareSite, socketOf} from '../bench/lib/vassal-apps.js';

const N = Number(process.env.N ?? 1000);
const root = mkdtempSync(join(tmpdir(), 'rss1000-'));
const site = prepareSite(root);
const staging = join(root, 'staging');
mkdirSync(staging);
const names = Array.from({length: N}, (_, i) => `v${String(i).padStart(4, '0')}.ini`);
for (const name of names) writeFileSync(join(staging, name), makeLightVassalIni(socketOf(site, name)));
const port = 19000 + Math.floor(Math.random() * 1000);
const sup = await startSupervisor('emperor', {vassalsDir: site.vassalsDir, logFile: join(root, 'log'), pollMs: 50, extraArgs: (process.env.EXTRA ?? `--metrics 127.0.0.1:${port}`).split(' ').filter(Boolean)});
const pid = sup.pid;
const report = async (label: string) => {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const rss = /VmRSS:\s+(\d+)/.exec(status)![1];
	const anon = /RssAnon:\s+(\d+)/.exec(status)![1];
	const file = /RssFile:\s+(\d+)/.exec(status)![1];
	let heap = '';
	try {
		const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
		const pick = (m: string) => (Number(new RegExp(`^${m} ([0-9.e+]+)`, 'm').exec(text)?.[1]) / 1048576).toFixed(1);
		heap = `heapUsed ${pick('nodejs_heap_size_used_bytes')} heapTotal ${pick('nodejs_heap_size_total_bytes')} external ${pick('nodejs_external_memory_bytes')}`;
	} catch {}
	console.log(`${label}: RSS ${(Number(rss) / 1024).toFixed(1)} MB anon ${(Number(anon) / 1024).toFixed(1)} file ${(Number(file) / 1024).toFixed(1)} ${heap}`);
};
await report('start');
for (const name of names) renameSync(join(staging, name), join(site.vassalsDir, name));
await pollUntil('spawned', () => (listVassalMasters(pid).size >= N ? true : undefined), {intervalMs: 50, timeoutMs: 300_000});
const waiting = new Set(names);
await pollUntil('serving', async () => {
	for (const name of [...waiting]) if ((await askWorkerPid(socketOf(site, name))) !== undefined) waiting.delete(name);
	return waiting.size === 0 ? true : undefined;
}, {intervalMs: 100, timeoutMs: 300_000});
await report('serving');
await delay(5000);
await report('serving+5s');
await delay(Number(process.env.WAIT ?? 30) * 1000);
await report('rest');
if (process.env.HOLD) { console.log(`pid ${pid}; holding`); await delay(Number(process.env.HOLD) * 1000); }
await cleanUp(sup, site.vassalsDir);
