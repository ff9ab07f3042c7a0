// npm run bench: runs every bench/*.ts scenario in sequence (after the build), echoes its tables, and writes each
// scenario's tables, with its date and the load average around it, into docs/benchmarks.md
// (`node --import tsx bench/lib/run-all.ts NAME…` runs and rewrites only the scenarios whose file name contains NAME)
import {spawn} from 'node:child_process';
import {readdirSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {startLoadProbe, readOthersShare, type LoadProbe} from './machine-load.js';
import {describeMachine, describeVersion} from './machine.js';
import {writeResults} from './results-doc.js';

const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));
const DOC_PATH = fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url));
// when other processes used more than this share of the machine during a scenario, its figures are marked as
// taken on a busy machine (kernel threads alone use about 1 %)
const QUIET_SHARE_PERCENT = 5;

type Outcome = {readonly output: string; readonly seconds: number; readonly status: number | null};

// runs one scenario with tsx, passing its progress (stderr) through and keeping its tables (stdout)
const runScenario = (scenario: string): Promise<Outcome> => new Promise(resolve => {
	const startedAt = Date.now();
	const child = spawn(process.execPath, ['--import', 'tsx', join(BENCH_DIR, scenario)], {stdio: ['ignore', 'pipe', 'inherit']});
	let output = '';
	child.stdout.setEncoding('utf8');
	child.stdout.on('data', (chunk: string) => {
		output += chunk;
		process.stdout.write(chunk);
	});
	child.on('exit', status => resolve({output: output.trim(), seconds: (Date.now() - startedAt) / 1000, status}));
});

// one line saying when and how a scenario ran, and whether the machine was quiet meanwhile
const describeRun = (probe: LoadProbe, outcome: Outcome): string => {
	const others = readOthersShare(probe);
	const busy = others > QUIET_SHARE_PERCENT ? ' — **busy machine**: rerun on a quiet one' : '';
	const failed = outcome.status === 0 ? '' : ` — **FAILED** with status ${outcome.status}`;
	return `_${new Date().toISOString()}, ${outcome.seconds.toFixed(0)} s, ${describeVersion()}; other processes used ${others.toFixed(1)} % of the machine meanwhile${busy}${failed}_`;
};

const only = process.argv.slice(2);
const scenarios = readdirSync(BENCH_DIR).filter(name => name.endsWith('.ts') && (only.length === 0 || only.some(filter => name.includes(filter)))).sort();
const startedAt = Date.now();
const results = new Map<string, string>();
let isEveryRunGood = true;
for (const scenario of scenarios) {
	process.stderr.write(`\n== ${scenario}\n`);
	const probe = startLoadProbe();
	const outcome = await runScenario(scenario);
	isEveryRunGood &&= outcome.status === 0;
	results.set(scenario, `${describeRun(probe, outcome)}\n\n${outcome.output}`);
}
writeResults(DOC_PATH, describeMachine(), results);
process.stderr.write(`\n${scenarios.length} scenarios in ${((Date.now() - startedAt) / 1000).toFixed(0)} s; results written to ${DOC_PATH}\n`);
process.exit(isEveryRunGood ? 0 : 1);
