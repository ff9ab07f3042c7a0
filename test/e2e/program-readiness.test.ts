import assert from 'node:assert/strict';
import {cpSync, renameSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {readStatsDocument} from '../../src/commands/read-stats.js';
import {makeVassalsDir, startE2eEmperor} from '../helpers/e2e-emperor.js';
import {httpGet} from '../helpers/http.js';
import {pidOf, printFigure, timeOf} from '../helpers/log-fields.js';
import {startRequestLoop} from '../helpers/request-loop.js';
import {makeTempDir} from '../helpers/temp-dir.js';
import {copyExamples, readVersion} from '../helpers/uwsgi-vassal.js';

const root = makeTempDir('emperor-e2e-program-ready-');
const APP = fileURLToPath(new URL('../fixtures/apps/versioned_app.py', import.meta.url));

const writeFile = (vassalsDir: string, name: string, lines: readonly string[]) => {
	writeFileSync(join(vassalsDir, `.${name}.tmp`), [...lines, ''].join('\n'));
	renameSync(join(vassalsDir, `.${name}.tmp`), join(vassalsDir, name));
	return Date.now();
};

test('gunicorn --preload with ready = notify: the new generation is ready at its READY=1, after its 2 s import; STATUS shows in the stats; no request fails', {timeout: 120_000}, async () => {
	const vassalsDir = makeVassalsDir(root, 'gunicorn-notify');
	cpSync(APP, join(vassalsDir, 'versioned_app.py'));
	const stats = join(vassalsDir, 'stats.sock');
	const emperor = await startE2eEmperor(vassalsDir, ['--emperor-stats', stats]);
	const write = (version: string) => writeFile(vassalsDir, 'app.ini', [
		'[emperor]', 'command = gunicorn --workers 2 --preload versioned_app:application', 'socket = app.sock', 'on-demand = false', 'ready = notify',
		`env = APP_VERSION=${version}`, 'env = IMPORT_DELAY=2',
	]);
	const droppedAt = write('1');
	const first = await emperor.waitForLog({event: 'vassal-accepting', vassal: 'app.ini'}, 30_000);
	assert.ok(timeOf(first) - droppedAt >= 1900, `ready ${timeOf(first) - droppedAt} ms after the file: before the 2 s import was done`);
	const document = await readStatsDocument(stats) as {vassals: {id: string; status: string | null}[]};
	assert.equal(document.vassals.find(vassal => vassal.id === 'app.ini')?.status, 'Gunicorn arbiter booted');

	const loop = startRequestLoop(() => httpGet({socketPath: join(vassalsDir, 'app.sock')}, '/', 10_000));
	await loop.waitForResponses(5);
	write('2');
	const reloaded = await emperor.waitForLog(line => line.event === 'vassal-reloaded' && line.previousPid === pidOf(first), 30_000);
	assert.ok(Number(reloaded.readyMs) >= 1900, `the new generation was taken as ready after ${String(reloaded.readyMs)} ms, before its import ended`);
	await loop.waitForResponse(response => readVersion(response.body) === '2');
	const results = await loop.stop();
	printFigure('gunicorn --preload, 2 s import, overlap reload: worst latency', Math.max(...results.map(result => result.milliseconds)));
	assert.deepEqual(results.filter(result => result.response?.status !== 200), []);
});

test('ready = probe:COMMAND makes a generation ready once the command succeeds', {timeout: 60_000}, async () => {
	const vassalsDir = makeVassalsDir(root, 'probe');
	copyExamples(vassalsDir, 'node');
	const emperor = await startE2eEmperor(vassalsDir, []);
	const marker = join(vassalsDir, 'ready.flag');
	writeFile(vassalsDir, 'node.ini', ['[emperor]', 'command = node server.js', 'chdir = node', 'socket = node.sock', 'on-demand = false', `ready = probe:test -e ${marker}`]);
	const spawned = await emperor.waitForLog({event: 'vassal-spawned', vassal: 'node.ini'}, 20_000);
	// nothing makes it ready but the probe: the server answers already, but the marker is missing
	await httpGet({socketPath: join(vassalsDir, 'node.sock')});
	assert.equal(emperor.countLogs({event: 'vassal-accepting', vassal: 'node.ini'}), 0);
	writeFileSync(marker, '');
	const accepting = await emperor.waitForLog({event: 'vassal-accepting', vassal: 'node.ini'}, 20_000);
	assert.equal(pidOf(accepting), pidOf(spawned));
});
