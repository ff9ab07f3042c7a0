import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {realpathSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {startEmperorProcess} from '../helpers/emperor-process.js';
import {startFakeEmperor} from '../helpers/fake-emperor.js';
import {findProcessesUnder, waitForChildren, waitForProcessesGone} from '../helpers/processes.js';
import {makeTempDir} from '../helpers/temp-dir.js';
import {waitForHttp} from '../helpers/http.js';
import {findVassalExec} from '../../src/vassal/vassal-exec.js';
import {readVassalRecord, type FakeBehaviour} from '../helpers/fake-vassal.js';
import {copyExamples, dropVassalFile, makeApiVassalIni} from '../helpers/uwsgi-vassal.js';

// systemd's KillMode=mixed, an OOM kill or `kill -9` leave the vassals to the emperor: none may outlive it
const VASSALS = 20;
const names = Array.from({length: VASSALS}, (_, index) => `v${index}.ini`);
const hasUwsgi = spawnSync('uwsgi', ['--version'], {stdio: 'ignore'}).status === 0;

test('no fake vassal (20 of them) outlives a SIGKILLed emperor', {timeout: 90_000}, async t => {
	const emperor = startFakeEmperor(t, {vassals: Object.fromEntries(names.map(name => [name, {}]))});
	for (const vassal of names) await emperor.waitForLog({event: 'vassal-accepting', vassal}, 60_000);
	const vassalPids = emperor.vassalPids();
	assert.equal(vassalPids.length, VASSALS);

	await emperor.stop('SIGKILL');

	await waitForProcessesGone(vassalPids, 15_000);
	assert.deepEqual(findProcessesUnder(realpathSync(emperor.vassalsDir)), []);
});

// the death signal the exec shim sets: a vassal that ignores channel EOF and every catchable signal still dies
test('vassals that ignore channel EOF and signals still die with a SIGKILLed emperor (their death signal)', {timeout: 60_000, skip: findVassalExec() === undefined ? 'native/vassal-exec was not built (no C compiler)' : false}, async t => {
	const stubborn: FakeBehaviour = {ignoreEof: true, ignoreStop: true, ignoreSignals: ['SIGTERM', 'SIGINT', 'SIGQUIT', 'SIGHUP']};
	const emperor = startFakeEmperor(t, {vassals: {'a.ini': stubborn, 'b.ini': stubborn}});
	for (const vassal of ['a.ini', 'b.ini']) await emperor.waitForLog({event: 'vassal-accepting', vassal});
	const vassalPids = emperor.vassalPids();

	await emperor.stop('SIGKILL');

	await waitForProcessesGone(vassalPids, 15_000);
	assert.deepEqual(findProcessesUnder(realpathSync(emperor.vassalsDir)), []);
	for (const name of ['a', 'b']) assert.ok(!readVassalRecord(emperor.recordDir, `${name}.ini`).some(entry => entry.event === 'exit'), 'a vassal that exits by itself proves nothing');
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
	// every worker has served: a worker whose master dies then logs it, and those lines must not meet a broken pipe
	// (uWSGI's SIGPIPE handler logs to stderr again: the worker spun at 100 % CPU, an orphan for ever)
	for (const name of names) assert.equal((await waitForHttp({socketPath: join(vassalsDir, name.replace('.ini', '.sock'))})).status, 200);

	await emperor.stop('SIGKILL');

	// each master gets its death signal (SIGKILL); its workers see the master's signal pipe close and exit
	await waitForProcessesGone([...masters, ...workers], 30_000);
	assert.deepEqual(findProcessesUnder(vassalsDir), []);
});
