import assert from 'node:assert/strict';
import {realpathSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import type {EmperorProcess} from '../helpers/emperor-process.js';
import {startFakeEmperor} from '../helpers/fake-emperor.js';
import {LIGHT_VASSAL_INI, LIGHT_VASSAL_PATH, listVassalProcesses} from '../helpers/light-vassal.js';
import {waitForProcessesGone} from '../helpers/processes.js';
import {makeTempDir} from '../helpers/temp-dir.js';

const COUNT = 1000;
const names = Array.from({length: COUNT}, (_, index) => `v${String(index).padStart(4, '0')}.ini`);

// writes every file into a staging folder on the same filesystem, then renames them all in one burst
const dropAll = (staging: string, vassalsDir: string) => {
	for (const name of names) writeFileSync(join(staging, name), LIGHT_VASSAL_INI);
	for (const name of names) renameSync(join(staging, name), join(vassalsDir, name));
};

const waitForCount = (emperor: EmperorProcess, event: string, count: number) =>
	emperor.waitForLog(() => emperor.countLogs({event}) >= count, 240_000);

// every file has exactly one live vassal process, and nothing else runs in the directory
const assertOneProcessPerFile = (vassalsDir: string): number[] => {
	const running = listVassalProcesses(vassalsDir);
	const doubled = [...running].filter(([, pids]) => pids.length > 1);
	assert.deepEqual(doubled, [], 'vassals with more than one process');
	assert.deepEqual([...running.keys()].sort(), names, 'the running vassals are not exactly the files');
	return [...running.values()].flat();
};

test('1000 files dropped at once, removed at once and dropped again end as exactly one process per file, none lost', {timeout: 600_000}, async t => {
	const staging = makeTempDir('emperor-faults-staging-');
	const emperor = startFakeEmperor(t, {flags: {'--binary-path': LIGHT_VASSAL_PATH, '--emperor-curse-tolerance': '30'}});
	const vassalsDir = realpathSync(emperor.vassalsDir);
	await emperor.waitForLog({event: 'emperor-ready'});

	dropAll(staging, vassalsDir);
	await waitForCount(emperor, 'vassal-accepting', COUNT);
	const first = assertOneProcessPerFile(vassalsDir);

	for (const name of names) rmSync(join(vassalsDir, name));
	await waitForCount(emperor, 'vassal-removed', COUNT);
	await waitForProcessesGone(first, 30_000);
	assert.equal(listVassalProcesses(vassalsDir).size, 0, 'a vassal survived the removal of its file');

	dropAll(staging, vassalsDir);
	await waitForCount(emperor, 'vassal-accepting', 2 * COUNT);
	const second = assertOneProcessPerFile(vassalsDir);

	assert.deepEqual(second.filter(pid => first.includes(pid)), [], 'a process of the first round is still counted');
	const spawnsPerName = new Map<string, number>();
	for (const line of emperor.logs.filter(entry => entry.event === 'vassal-spawned')) spawnsPerName.set(String(line.vassal), (spawnsPerName.get(String(line.vassal)) ?? 0) + 1);
	assert.deepEqual([...spawnsPerName].filter(([, spawns]) => spawns !== 2), [], 'each file is spawned once per drop');
	assert.equal(emperor.countLogs({event: 'vassal-config-invalid'}), 0);
	assert.equal(emperor.countLogs({event: 'vassal-exited', reason: 'crashed'}), 0);
});
