import assert from 'node:assert/strict';
import {join} from 'node:path';
import {test} from 'node:test';
import {makeVassalsDir, startE2eEmperor} from '../helpers/e2e-emperor.js';
import {httpGet} from '../helpers/http.js';
import {startRequestLoop} from '../helpers/request-loop.js';
import {makeTempDir} from '../helpers/temp-dir.js';
import {copyVersionedApp, dropVassalFile, makeHeldSocketVassalIni} from '../helpers/uwsgi-vassal.js';

const root = makeTempDir('emperor-e2e-reload-all-');
const NAMES = ['a.ini', 'b.ini', 'c.ini'];

test('SIGHUP reloads every vassal by overlap, at most --emperor-reload-concurrency at a time, and no request fails', {timeout: 120_000}, async () => {
	const vassalsDir = makeVassalsDir(root, 'hup');
	copyVersionedApp(vassalsDir);
	const emperor = await startE2eEmperor(vassalsDir, ['--emperor-reload-concurrency', '1']);
	for (const name of NAMES) dropVassalFile(vassalsDir, name, makeHeldSocketVassalIni({socket: join(vassalsDir, `${name}.sock`), version: '1', importDelay: 1}));
	for (const name of NAMES) await emperor.waitForLog({event: 'vassal-accepting', vassal: name}, 30_000);
	const loop = startRequestLoop(() => httpGet({socketPath: join(vassalsDir, 'a.ini.sock')}, '/', 10_000));
	await loop.waitForResponses(3);

	const before = emperor.logs.length;
	emperor.child.kill('SIGHUP');
	for (const name of NAMES) await emperor.waitForLog(line => line.event === 'vassal-reloaded' && line.vassal === name, 40_000);
	const results = await loop.stop();

	// walk the log: one overlap at a time, each ended by its vassal-reloaded before the next starts
	let overlapping = 0;
	let most = 0;
	for (const line of emperor.logs.slice(before)) {
		if (line.event === 'vassal-overlap-started') most = Math.max(most, ++overlapping);
		if (line.event === 'vassal-reloaded' || line.event === 'vassal-reload-failed') overlapping--;
	}
	assert.equal(most, 1, 'more than one vassal overlapped at once');
	assert.deepEqual(NAMES.map(name => emperor.countLogs({event: 'vassal-overlap-started', vassal: name})), [1, 1, 1]);
	assert.deepEqual(results.filter(result => result.response?.status !== 200), []);
});
