import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {realpathSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {startEmperorProcess} from '../helpers/emperor-process.js';
import {startFakeEmperor} from '../helpers/fake-emperor.js';
import {findProcessesUnder, waitForChildren, waitForProcessesGone} from '../helpers/processes.js';
import {makeTempDir} from '../helpers/temp-dir.js';
import {copyExamples, dropVassalFile, makeApiVassalIni} from '../helpers/uwsgi-vassal.js';

// systemd's KillMode=mixed, an OOM kill or `kill -9` leave the vassals to the emperor: none may outlive it
const VASSALS = 20;
const names = Array.from({length: VASSALS}, (_, index) => `v${index}.ini`);
const hasUwsgi = spawnSync('uwsgi', ['--version'], {stdio: 'ignore'}).status === 0;

test('no fake vassal outlives a SIGKILLed emperor: all 20 see their channel close and exit', {timeout: 90_000}, async t => {
	const emperor = startFakeEmperor(t, {vassals: Object.fromEntries(names.map(name => [name, {}]))});
	for (const vassal of names) await emperor.waitForLog({event: 'vassal-accepting', vassal}, 60_000);
	const vassalPids = emperor.vassalPids();
	assert.equal(vassalPids.length, VASSALS);

	await emperor.stop('SIGKILL');

	await waitForProcessesGone(vassalPids, 15_000);
	assert.deepEqual(findProcessesUnder(realpathSync(emperor.vassalsDir)), []);
});

test('no real uWSGI process (20 masters and their workers) outlives a SIGKILLed emperor', {timeout: 120_000, skip: hasUwsgi ? false : 'uwsgi is not installed (Debian package uwsgi-core)'}, async t => {
	const vassalsDir = realpathSync(makeTempDir('emperor-faults-sigkill-'));
	copyExamples(vassalsDir, 'api');
	const emperor = startEmperorProcess(['--vassals', vassalsDir]);
	t.after(async function killLeftovers() {
		await emperor.stop('SIGKILL');
		for (const pid of findProcessesUnder(vassalsDir)) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {}
		}
	});
	await emperor.waitForLog({event: 'emperor-ready'});
	for (const name of names) dropVassalFile(vassalsDir, name, makeApiVassalIni({httpSocket: join(vassalsDir, name.replace('.ini', '.sock'))}));
	for (const vassal of names) await emperor.waitForLog({event: 'vassal-accepting', vassal}, 90_000);
	const masters = emperor.logs.filter(line => line.event === 'vassal-spawned').map(line => line.pid as number);
	const workers = (await Promise.all(masters.map(master => waitForChildren(master, 1)))).flat();
	assert.equal(masters.length, VASSALS);

	await emperor.stop('SIGKILL');

	// each master logs "lost connection with my emperor", stops its workers, waits 2 s and exits 1
	await waitForProcessesGone([...masters, ...workers], 30_000);
	assert.deepEqual(findProcessesUnder(vassalsDir), []);
});
