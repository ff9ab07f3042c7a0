// Wall time of the emperor's commands next to a bare `node -e 0` in the same run: `--help`, `check FILE` (a valid
// vassal file) and `status` against a running emperor (its control socket). TRIALS runs each, interleaved.
// emperor only: uWSGI has no such commands. Run: npx tsx bench/cli-latency.ts (after npm run build)
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {CLI_PATH} from '../test/helpers/emperor-process.js';
import {renderFigures} from './lib/side-by-side.js';
import {summarize} from './lib/summary.js';
import {cleanUp, startSupervisor, type Supervisor} from './lib/supervisor.js';
import {makeLightVassalIni, prepareSite, socketOf, waitServed, writeAtomically} from './lib/vassal-apps.js';

const TRIALS = Number(process.env.TRIALS ?? 15);

// the wall time of one command, in ms; a failing command fails the benchmark
const timeCommand = (args: readonly string[]): number => {
	const startedAt = process.hrtime.bigint();
	const result = spawnSync(process.execPath, args, {stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8'});
	const elapsed = Number(process.hrtime.bigint() - startedAt) / 1e6;
	if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${String(result.status)}: ${result.stderr}`);
	return elapsed;
};

const root = mkdtempSync(join(tmpdir(), 'emperor-bench-cli-'));
let supervisor: Supervisor | undefined;
try {
	const site = prepareSite(root);
	const control = join(root, 'emperor.control');
	const file = join(site.vassalsDir, 'app.ini');
	supervisor = await startSupervisor('emperor', {vassalsDir: site.vassalsDir, logFile: join(root, 'supervisor.log'), extraArgs: ['--control', control]});
	writeAtomically(file, makeLightVassalIni(socketOf(site, 'app.ini')));
	await waitServed(socketOf(site, 'app.ini'));
	const commands = {
		'node -e 0': ['-e', '0'],
		'emperor --help': [CLI_PATH, '--help'],
		'emperor check app.ini': [CLI_PATH, 'check', file],
		'emperor status': [CLI_PATH, 'status', '--control', control],
	};
	const times = new Map<string, number[]>(Object.keys(commands).map(name => [name, []]));
	for (let trial = 0; trial < TRIALS; trial++) {
		for (const [name, args] of Object.entries(commands)) times.get(name)!.push(timeCommand(args));
	}
	const baseline = summarize(times.get('node -e 0')!).median;
	console.log(renderFigures(`Command wall time (${TRIALS} runs each, interleaved; emperor only)`, [...times].map(([measure, values]) => ({measure, unit: 'ms', values}))));
	console.log(renderFigures('Command wall time minus a bare node -e 0 (its median) in the same run', [...times].filter(([name]) => name !== 'node -e 0')
		.map(([measure, values]) => ({measure: `${measure} − node -e 0`, unit: 'ms', values: values.map(value => value - baseline)}))));
} finally {
	await cleanUp(supervisor, join(root, 'vassals'));
	rmSync(root, {recursive: true, force: true});
}
