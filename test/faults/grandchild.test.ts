import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {startFakeEmperor} from '../helpers/fake-emperor.js';
import {isProcessAlive, waitForProcessesGone} from '../helpers/processes.js';

const FORKING_VASSAL_PATH = fileURLToPath(new URL('../fixtures/bin/forking-vassal.sh', import.meta.url));

// Each vassal runs in a session and process group of its own (spawned detached), so a grandchild that stays in
// that group can be reached after the vassal exits: kill(-pgid). One that calls setsid() itself cannot; only a
// subreaper (prctl PR_SET_CHILD_SUBREAPER, not reachable from Node without native code) or a cgroup
// (systemd's KillMode) can, so that case is documented, not tested.
test('a grandchild left by a vassal that exits is killed with the vassal\'s process group, not orphaned', {timeout: 60_000}, async t => {
	const emperor = startFakeEmperor(t, {vassals: {'forking.ini': {}}, flags: {'--binary-path': FORKING_VASSAL_PATH}});
	const exiled = await emperor.waitForLog({event: 'vassal-exiled', vassal: 'forking.ini'});
	const grandchild = Number(readFileSync(join(emperor.recordDir, 'forking.ini.grandchild'), 'utf8'));
	t.after(function killGrandchild() {
		if (isProcessAlive(grandchild)) process.kill(grandchild, 'SIGKILL');
	});
	assert.ok(exiled !== undefined && grandchild > 0);

	// within the curse tolerance (1 s here) after the vassal's exit, at the latest
	await waitForProcessesGone([grandchild], 10_000);
});
