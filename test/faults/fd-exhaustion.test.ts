import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test, type TestContext} from 'node:test';
import {startFakeEmperor, type FakeEmperor} from '../helpers/fake-emperor.js';
import {renderFakeVassal} from '../helpers/fake-vassal.js';
import {lowestFreeFd, readOpenFileLimit, setOpenFileLimit} from '../helpers/fd-limit.js';

// EMFILE on demand: prlimit(1) lowers the running emperor's soft RLIMIT_NOFILE to its lowest free fd, so its next
// open, pipe or socket fails, then puts the limit back. (A file made unreadable with chmod 000 would not do: root
// reads it anyway, and a permission error is not a transient fault.)
const exhaustDescriptors = (t: TestContext, emperor: FakeEmperor): (() => void) => {
	const {soft} = readOpenFileLimit(emperor.pid);
	const restore = () => {
		if (emperor.child.exitCode === null && emperor.child.signalCode === null) setOpenFileLimit(emperor.pid, soft);
	};
	t.after(restore);
	setOpenFileLimit(emperor.pid, lowestFreeFd(emperor.pid));
	return restore;
};

const mentionsEmfile = (line: Record<string, unknown>) => JSON.stringify(line).includes('EMFILE');

test('an edit read while the emperor is out of file descriptors is logged, and applied once descriptors are back', {timeout: 60_000}, async t => {
	const emperor = startFakeEmperor(t, {vassals: {'a.ini': {}}});
	await emperor.waitForLog({event: 'vassal-accepting', vassal: 'a.ini'});
	const restore = exhaustDescriptors(t, emperor);

	writeFileSync(join(emperor.vassalsDir, 'a.ini'), `${renderFakeVassal({})}edited = yes\n`); // in place, as cp does
	await emperor.waitForLog(line => mentionsEmfile(line) && line.vassal === 'a.ini');
	restore();

	// nothing changes on disk from here: the emperor itself must retry what it could not read
	await emperor.waitForLog({event: 'vassal-reloading', vassal: 'a.ini'}, 10_000);
	assert.equal(emperor.countLogs({event: 'vassal-spawned', vassal: 'a.ini'}), 1);
});

test('a vassal respawned while the emperor is out of file descriptors fails to spawn, is retried, and runs once descriptors are back', {timeout: 60_000}, async t => {
	const emperor = startFakeEmperor(t, {vassals: {'a.ini': {}, 'b.ini': {}}});
	const first = await emperor.waitForLog({event: 'vassal-spawned', vassal: 'a.ini'});
	await emperor.waitForLog({event: 'vassal-accepting', vassal: 'b.ini'});
	const restore = exhaustDescriptors(t, emperor);

	process.kill(first.pid as number, 'SIGKILL');
	await emperor.waitForLog(line => mentionsEmfile(line) && line.vassal === 'a.ini');
	restore();

	await emperor.waitForLog(line => line.event === 'vassal-accepting' && line.vassal === 'a.ini' && line.pid !== first.pid, 15_000);
	assert.equal(emperor.child.exitCode, null, 'the emperor exited');
	assert.equal(emperor.countLogs({event: 'vassal-spawned', vassal: 'b.ini'}), 1, 'b.ini was disturbed');
});
