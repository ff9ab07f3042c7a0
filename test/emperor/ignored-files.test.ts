import assert from 'node:assert/strict';
import {mkdirSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {startFakeEmperor, waitForMoreLogs} from '../helpers/fake-emperor.js';
import {renderFakeVassal, writeFileAtomic} from '../helpers/fake-vassal.js';
import {makeTempDir} from '../helpers/temp-dir.js';

// editor leftovers, other extensions and anything below depth 0
const ignoredNames = ['.a.ini.swp', '.a.ini.swx', 'a.ini~', '4913', '#a.ini#', 'a.ini.bak', 'a.ini.tmp', 'notes.txt', 'a.INI.orig', 'README'];

const writeIgnoredFiles = (vassalsDir: string) => {
	for (const name of ignoredNames) writeFileAtomic(join(vassalsDir, name), renderFakeVassal());
	mkdirSync(join(vassalsDir, 'sub'), {recursive: true});
	writeFileAtomic(join(vassalsDir, 'sub', 'nested.ini'), renderFakeVassal());
	mkdirSync(join(vassalsDir, 'dir.ini'), {recursive: true});
};

test('editor swap files, other extensions and subdirectories never spawn', {timeout: 30_000}, async t => {
	const vassalsDir = makeTempDir('emperor-vassals-');
	writeIgnoredFiles(vassalsDir);
	const emperor = startFakeEmperor(t, {vassalsDir, vassals: {'good.ini': {heartbeatMs: 100}}, flags: {'--log-level': 'debug'}});
	await emperor.waitForLog({event: 'vassal-accepting', vassal: 'good.ini'});
	writeIgnoredFiles(vassalsDir); // again, as watcher events rather than the first scan
	for (const name of ignoredNames) writeFileAtomic(join(vassalsDir, `new-${name}`), renderFakeVassal());
	// 25 heartbeats of 100 ms span two rescans at --emperor-freq 1
	await waitForMoreLogs(emperor, {event: 'vassal-heartbeat', vassal: 'good.ini'}, 25);
	assert.deepEqual(emperor.logs.filter(line => line.event === 'vassal-spawned').map(line => line.vassal), ['good.ini']);
	// dir.ini is left out: reporting a directory named *.ini as not a regular file is fair
	const reported = emperor.logs.filter(line => line.vassal !== 'good.ini' && line.vassal !== 'dir.ini' && ['vassal-config-invalid', 'vassal-spawn-failed', 'vassal-backoff'].includes(line.event!));
	assert.deepEqual(reported, [], 'ignored files should not even be reported as invalid vassals');
	assert.equal(emperor.child.exitCode, null);
});
