// What does a deploy cost the requests, ours beside `uwsgi --emperor`? The same real uWSGI app, which takes
// IMPORT_DELAY (3 s) to import, answers a request every 20 ms on a unix socket; its file is changed twice (a new
// version each time). Under uWSGI's Emperor a touch is byte 1: the master re-execs and imports again while requests
// wait. Under ours the socket is held ([emperor] socket, on-demand = false) and the reload overlaps: the new
// generation imports beside the old one, which serves until the new one accepts.
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {closeSync, mkdtempSync, openSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {CLI_PATH} from '../test/helpers/emperor-process.js';
import {copyVersionedApp, dropVassalFile, makeHeldSocketVassalIni} from '../test/helpers/uwsgi-vassal.js';
import {waitFor} from './lib/poll.js';
import {startRequestSampler, waitForFirstAnswer, waitForVersion} from './lib/request-sampler.js';
import {formatFigure, renderMarkdownTable} from './lib/summary.js';

const IMPORT_DELAY = Number(process.env.IMPORT_DELAY ?? 3);
const TOUCHES = 2;
const PAUSE_MS = 20;

// the vassal file: ours holds the socket; uWSGI's vassal binds it itself (uWSGI has no held socket for a running vassal)
const writeVassal = (directory: string, socket: string, version: string, isOurs: boolean) => {
	const held = makeHeldSocketVassalIni({socket, version, importDelay: IMPORT_DELAY, processes: 2});
	const own = held.replace(/\[emperor\][^]*$/, `http-socket = ${socket}\n`).replace('protocol = http\n', '');
	return dropVassalFile(directory, 'app.ini', isOurs ? held : own);
};

const measure = async (label: string, isOurs: boolean) => {
	const directory = mkdtempSync(join(tmpdir(), 'emperor-bench-reload-'));
	copyVersionedApp(directory);
	const socket = join(directory, 'app.sock');
	const log = openSync(join(directory, 'emperor.log'), 'a');
	const child = isOurs
		? spawn(process.execPath, [CLI_PATH, '--log-format', 'json', '--vassals', directory], {stdio: ['ignore', log, log]})
		: spawn('uwsgi', ['--emperor', directory], {stdio: ['ignore', log, log]});
	closeSync(log);
	const exited = once(child, 'exit');
	try {
		const droppedAt = writeVassal(directory, socket, '0', isOurs);
		await waitForFirstAnswer(socket, 'the first answer');
		const bootMs = Date.now() - droppedAt;
		const requests = startRequestSampler(socket, PAUSE_MS);
		const reloadMs: number[] = [];
		for (let touch = 1; touch <= TOUCHES; touch++) {
			await waitFor(1000);
			const touchedAt = writeVassal(directory, socket, String(touch), isOurs);
			const answered = await waitForVersion(requests.samples, String(touch));
			reloadMs.push(answered.at + answered.ms - touchedAt);
			process.stderr.write(`${label}: touch ${touch}: the new version answered ${reloadMs.at(-1)!.toFixed(0)} ms after it\n`);
		}
		await waitFor(1000);
		await requests.stop();
		const {samples} = requests;
		return {bootMs, reloadMs, count: samples.length, failed: samples.filter(sample => sample.failed).length, worstMs: Math.max(...samples.map(sample => sample.ms))};
	} finally {
		child.kill(isOurs ? 'SIGTERM' : 'SIGINT');
		await exited;
		rmSync(directory, {recursive: true, force: true});
	}
};

const uwsgi = await measure('uwsgi --emperor', false);
const ours = await measure('emperor', true);
const row = (name: string, read: (result: typeof ours) => number) => [name, formatFigure(read(uwsgi)), formatFigure(read(ours))];
console.log(`\n**two reloads of a uWSGI app that takes ${IMPORT_DELAY} s to import, a request every ${PAUSE_MS} ms (unix socket; ours: held socket, reload by overlap)**\n\n${renderMarkdownTable([
	['', 'uwsgi --emperor', 'emperor'],
	row('requests sent', result => result.count),
	row('requests failed', result => result.failed),
	row('worst latency, ms', result => result.worstMs),
	row('first start: file dropped → first 200, ms (the boot time)', result => result.bootMs),
	row('touch → the new version answers, ms (worst of the two)', result => Math.max(...result.reloadMs)),
])}`);
