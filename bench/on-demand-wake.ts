// How long does the first request to a sleeping on-demand vassal take, ours beside `uwsgi --emperor`?
// The same real uWSGI vassal (vassals.example/api, idle = 1, die-on-idle) sleeps on a unix socket named by
// `--emperor-on-demand-extension .socket` under each emperor; a request wakes it, a second one finds it awake, then
// the client waits until the emperor reports it asleep again (our log line, uWSGI's "back to on demand mode").
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {CLI_PATH} from '../test/helpers/emperor-process.js';
import {httpGet} from '../test/helpers/http.js';
import {copyExamples, makeOnDemandVassalIni} from '../test/helpers/uwsgi-vassal.js';
import {pollUntil} from './lib/poll.js';
import {printTable, summarize} from './lib/summary.js';

const WAKES = Number(process.env.WAKES ?? 10);

type Sleeper = {waitUntilAsleep: (times: number) => Promise<void>; stop: () => Promise<void>};

// a vassals dir with app.ini (HTTP on the inherited socket) and app.ini.socket naming the socket
const prepareVassals = () => {
	const directory = mkdtempSync(join(tmpdir(), 'emperor-bench-wake-'));
	copyExamples(directory, 'api');
	const socket = join(directory, 'app.sock');
	writeFileSync(join(directory, 'app.ini'), makeOnDemandVassalIni({idle: 1, protocol: 'http'}));
	writeFileSync(join(directory, 'app.ini.socket'), `${socket}\n`);
	return {directory, socket};
};

// runs an emperor with its output (and its vassals') in a file, as both are run alike; `asleep` is a log line
// that the emperor prints each time the vassal is dormant
const startSupervisor = (command: string, args: string[], stopSignal: NodeJS.Signals, asleep: RegExp) => async (directory: string): Promise<Sleeper> => {
	const logFile = join(directory, 'emperor.log');
	const log = openSync(logFile, 'a');
	const child = spawn(command, args.map(argument => argument.replace('DIR', directory)), {stdio: ['ignore', log, log]});
	closeSync(log);
	const exited = once(child, 'exit');
	const countAsleep = () => (readFileSync(logFile, 'utf8').match(asleep) ?? []).length;
	const waitUntilAsleep = async (times: number) => void await pollUntil('the vassal to sleep', () => (countAsleep() >= times ? true : undefined), {timeoutMs: 30_000});
	await waitUntilAsleep(1);
	return {
		waitUntilAsleep,
		async stop() {
			child.kill(stopSignal);
			await exited;
		},
	};
};

const startOurs = startSupervisor(process.execPath, [CLI_PATH, '--log-format', 'json', '--vassals', 'DIR', '--emperor-on-demand-extension', '.socket'], 'SIGTERM', /"event":"vassal-on-demand"/g);
// uWSGI 2.0: SIGINT stops the emperor; "instance detected" at the first scan, "back to on demand mode" after each idle stop
const startUwsgi = startSupervisor('uwsgi', ['--emperor', 'DIR', '--emperor-on-demand-extension', '.socket'], 'SIGINT', /"on demand" instance detected|back to "on demand" mode/g);

const timeRequest = async (socketPath: string): Promise<number> => {
	const startedAt = performance.now();
	const response = await httpGet({socketPath}, '/wake', 30_000);
	if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${response.body}`);
	return performance.now() - startedAt;
};

const measure = async (start: (directory: string) => Promise<Sleeper>, label: string) => {
	const {directory, socket} = prepareVassals();
	const sleeper = await start(directory);
	const wakes: number[] = [];
	const awake: number[] = [];
	try {
		for (let wake = 1; wake <= WAKES; wake++) {
			wakes.push(await timeRequest(socket));
			awake.push(await timeRequest(socket));
			await sleeper.waitUntilAsleep(wake + 1);
			process.stderr.write(`${label}: wake ${wake}/${WAKES} ${wakes.at(-1)!.toFixed(1)} ms\n`);
		}
	} finally {
		await sleeper.stop();
		rmSync(directory, {recursive: true, force: true});
	}
	return {wakes: summarize(wakes), awake: summarize(awake)};
};

const uwsgi = await measure(startUwsgi, 'uwsgi --emperor');
const ours = await measure(startOurs, 'emperor');
printTable(`first request to a dormant on-demand vassal, ms (${WAKES} wakes, real uWSGI app, unix socket)`, ['uwsgi --emperor', 'emperor'], [uwsgi.wakes, ours.wakes]);
printTable('the next request, vassal awake, ms', ['uwsgi --emperor', 'emperor'], [uwsgi.awake, ours.awake]);
