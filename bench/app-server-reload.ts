// A gunicorn app that takes 2 s to import (--preload), a request every 20 ms, one reload: under the emperor (the
// socket held, a touch overlaps the new generation, READY=1 says when it is ready) beside the same gunicorn restarted
// the way systemd restarts a service (SIGTERM, wait for the exit, start again), binding its own unix socket.
import {spawn, type ChildProcess} from 'node:child_process';
import {once} from 'node:events';
import {closeSync, cpSync, mkdtempSync, openSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {CLI_PATH} from '../test/helpers/emperor-process.js';
import {waitFor} from './lib/poll.js';
import {startRequestSampler, waitForFirstAnswer, waitForVersion, type RequestSample} from './lib/request-sampler.js';
import {formatFigure, renderMarkdownTable} from './lib/summary.js';

const IMPORT_DELAY = Number(process.env.IMPORT_DELAY ?? 2);
const PAUSE_MS = 20;
const APP = fileURLToPath(new URL('../test/fixtures/apps/versioned_app.py', import.meta.url));

// once version 1 answers: requests for a second, the change to version 2, requests until version 2 answers and a second more
const sampleAcross = async (socket: string, change: () => void | Promise<void>): Promise<readonly RequestSample[]> => {
	await waitForFirstAnswer(socket, 'gunicorn to answer');
	const requests = startRequestSampler(socket, PAUSE_MS);
	await waitFor(1000);
	await change();
	await waitForVersion(requests.samples, '2');
	await waitFor(1000);
	await requests.stop();
	return requests.samples;
};

const gunicornArgs = ['--workers', '2', '--preload', 'versioned_app:application'];

// the same gunicorn as a plain service: it binds its socket, and a restart is a stop, then a start
const measureRestart = async () => {
	const directory = mkdtempSync(join(tmpdir(), 'emperor-bench-gunicorn-'));
	cpSync(APP, join(directory, 'versioned_app.py'));
	const socket = join(directory, 'app.sock');
	const log = openSync(join(directory, 'gunicorn.log'), 'a');
	const start = (version: string) => spawn('gunicorn', ['--bind', `unix:${socket}`, ...gunicornArgs], {
		cwd: directory, stdio: ['ignore', log, log], env: {...process.env, APP_VERSION: version, IMPORT_DELAY: String(IMPORT_DELAY)},
	});
	let child: ChildProcess = start('1');
	try {
		return await sampleAcross(socket, async () => {
			const exited = once(child, 'exit');
			child.kill('SIGTERM');
			await exited;
			child = start('2');
		});
	} finally {
		child.kill('SIGTERM');
		closeSync(log);
		rmSync(directory, {recursive: true, force: true});
	}
};

// the emperor holds the socket; a touch (here, a new version of the file) overlaps the new generation
const measureOverlap = async () => {
	const directory = mkdtempSync(join(tmpdir(), 'emperor-bench-gunicorn-'));
	cpSync(APP, join(directory, 'versioned_app.py'));
	const socket = join(directory, 'app.sock');
	const write = (version: string) => {
		writeFileSync(join(directory, '.app.ini.tmp'), [
			'[emperor]', `command = gunicorn ${gunicornArgs.join(' ')}`, 'socket = app.sock', 'on-demand = false', 'ready = notify',
			`env = APP_VERSION=${version}`, `env = IMPORT_DELAY=${IMPORT_DELAY}`, '',
		].join('\n'));
		renameSync(join(directory, '.app.ini.tmp'), join(directory, 'app.ini'));
	};
	const log = openSync(join(directory, 'emperor.log'), 'a');
	const child = spawn(process.execPath, [CLI_PATH, '--log-format', 'json', '--vassals', directory], {stdio: ['ignore', log, log]});
	closeSync(log);
	const exited = once(child, 'exit');
	try {
		write('1');
		return await sampleAcross(socket, () => write('2'));
	} finally {
		child.kill('SIGTERM');
		await exited;
		rmSync(directory, {recursive: true, force: true});
	}
};

const restart = await measureRestart();
const overlap = await measureOverlap();
const row = (name: string, read: (samples: readonly RequestSample[]) => number) => [name, formatFigure(read(restart)), formatFigure(read(overlap))];
console.log(`\n**one reload of a gunicorn app that takes ${IMPORT_DELAY} s to import (--preload, 2 workers), a request every ${PAUSE_MS} ms on a unix socket**\n\n${renderMarkdownTable([
	['', 'gunicorn restarted (stop, then start)', 'gunicorn under emperor (held socket, overlap)'],
	row('requests sent', samples => samples.length),
	row('requests failed', samples => samples.filter(sample => sample.failed).length),
	row('worst latency, ms', samples => Math.max(...samples.map(sample => sample.ms))),
])}`);
