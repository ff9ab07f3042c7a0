import assert from 'node:assert/strict';
import {copyFileSync, mkdirSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {readStatsDocument} from '../../src/commands/read-stats.js';
import {makeVassalsDir, startE2eEmperor} from '../helpers/e2e-emperor.js';
import {httpGet, waitForHttp} from '../helpers/http.js';
import {getFreePort} from '../helpers/ports.js';
import {runCli} from '../helpers/run-cli.js';
import {makeTempDir} from '../helpers/temp-dir.js';
import {dropVassalFile} from '../helpers/uwsgi-vassal.js';

const HUNGRY_APP = fileURLToPath(new URL('../fixtures/apps/hungry_app.py', import.meta.url));
const root = makeTempDir('emperor-e2e-usage-');

type VassalStats = {id: string; pid: number; memory: number; cpu: number};

const MB = 1024 * 1024;

test('memory and CPU of a real uWSGI vassal\'s process tree move when its worker allocates and computes', {timeout: 90_000}, async t => {
	const vassalsDir = makeVassalsDir(root, 'hungry');
	mkdirSync(join(vassalsDir, 'hungry'));
	copyFileSync(HUNGRY_APP, join(vassalsDir, 'hungry', 'hungry_app.py'));
	const port = await getFreePort();
	const control = join(vassalsDir, 'emperor.control');
	const emperor = await startE2eEmperor(vassalsDir, ['--emperor-stats', '127.0.0.1:0', '--control', control]);
	const endpoint = await emperor.waitForLog({event: 'emperor-endpoint', endpoint: 'stats'});
	// two workers: the tree is the master and both, and the one that allocates is counted with the others
	dropVassalFile(vassalsDir, 'hungry.ini', ['[uwsgi]', 'plugins = python3', 'chdir = %dhungry', 'module = hungry_app:application',
		'master = true', 'processes = 2', `http-socket = 127.0.0.1:${port}`, ''].join('\n'));
	await waitForHttp({port}, {timeoutMs: 30_000});
	await emperor.waitForLog({event: 'vassal-accepting', vassal: 'hungry.ini'});
	const read = async (): Promise<VassalStats> => {
		const document = await readStatsDocument(String(endpoint.address)) as {vassals: VassalStats[]};
		return document.vassals.find(vassal => vassal.id === 'hungry.ini')!;
	};

	const before = await read();
	assert.ok(before.memory > 2 * MB, `a uWSGI master and two Python workers hold more than 2 MB: ${before.memory}`);
	const allocated = await httpGet({port}, '/alloc?mb=64', 20_000);
	assert.equal(allocated.status, 200, allocated.body);
	const grown = await read();
	t.diagnostic(`memory ${(before.memory / MB).toFixed(1)} MB → ${(grown.memory / MB).toFixed(1)} MB after a worker kept 64 MB`);
	assert.ok(grown.memory - before.memory > 60 * MB, `memory grew by ${(grown.memory - before.memory) / MB} MB, expected about 64`);

	const burned = await httpGet({port}, '/burn?ms=1500', 20_000);
	assert.equal(burned.status, 200, burned.body);
	const busy = await read();
	t.diagnostic(`cpu ${before.cpu} s → ${busy.cpu} s after 1.5 s of CPU time computing`);
	assert.ok(busy.cpu - grown.cpu >= 1.4, `CPU grew by ${busy.cpu - grown.cpu} s, expected about 1.5`);

	const status = await runCli(['status', '--control', control]);
	assert.equal(status.code, 0, status.stderr);
	assert.match(status.stdout, /^hungry\.ini +running +\d+ +\S+ +\d+(\.\d)?M +[\d.]+s /m, status.stdout);
});
