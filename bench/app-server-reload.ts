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
import {httpGet} from '../test/helpers/http.js';
import {readVersion} from '../test/helpers/uwsgi-vassal.js';
import {pollUntil, waitFor} from './lib/poll.js';
import {formatFigure, renderMarkdownTable} from './lib/summary.js';

const IMPORT_DELAY = Number(process.env.IMPORT_DELAY ?? 2);
const PAUSE_MS = 20;
const APP = fileURLToPath(new URL('../test/fixtures/apps/versioned_app.py', import.meta.url));

type Sample = {readonly ms: number; readonly version?: string; readonly failed: boolean};

// sends a request, pauses 20 ms, again, until stopped
const startRequests = (socketPath: string) => {
	const samples: Sample[] = [];
	let isStopping = false;
	const running = (async () => {
		while (!isStopping) {
			const startedAt = performance.now();
			try {
				const response = await httpGet({socketPath}, '/', 30_000);
				samples.push({ms: performance.now() - startedAt, version: readVersion(response.body), failed: response.status !== 200});
			} catch {
				samples.push({ms: performance.now() - startedAt, failed: true});
			}
			await waitFor(PAUSE_MS);
		}
	})();
	return {samples, stop: async () => {
		isStopping = true;
		await running;
	}};
};

const waitForAnswer = (socket: string) => pollUntil('gunicorn to answer', async () => {
	const response = await httpGet({socketPath: socket}, '/', 1000).catch(() => undefined);
	return response?.status === 200 ? true : undefined;
}, {timeoutMs: 60_000, intervalMs: 20});

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
		await waitForAnswer(socket);
		const requests = startRequests(socket);
		await waitFor(1000);
		const exited = once(child, 'exit');
		child.kill('SIGTERM');
		await exited;
		child = start('2');
		await pollUntil('version 2', () => requests.samples.find(sample => sample.version === '2'), {timeoutMs: 60_000, intervalMs: 10});
		await waitFor(1000);
		await requests.stop();
		return requests.samples;
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
		await waitForAnswer(socket);
		const requests = startRequests(socket);
		await waitFor(1000);
		write('2');
		await pollUntil('version 2', () => requests.samples.find(sample => sample.version === '2'), {timeoutMs: 60_000, intervalMs: 10});
		await waitFor(1000);
		await requests.stop();
		return requests.samples;
	} finally {
		child.kill('SIGTERM');
		await exited;
		rmSync(directory, {recursive: true, force: true});
	}
};

const restart = await measureRestart();
const overlap = await measureOverlap();
const row = (name: string, read: (samples: readonly Sample[]) => number) => [name, formatFigure(read(restart)), formatFigure(read(overlap))];
console.log(`\n**one reload of a gunicorn app that takes ${IMPORT_DELAY} s to import (--preload, 2 workers), a request every ${PAUSE_MS} ms on a unix socket**\n\n${renderMarkdownTable([
	['', 'gunicorn restarted (stop, then start)', 'gunicorn under emperor (held socket, overlap)'],
	row('requests sent', samples => samples.length),
	row('requests failed', samples => samples.filter(sample => sample.failed).length),
	row('worst latency, ms', samples => Math.max(...samples.map(sample => sample.ms))),
])}`);
