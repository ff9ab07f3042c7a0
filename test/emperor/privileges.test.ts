import assert from 'node:assert/strict';
import {chmodSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {startFakeEmperor} from '../helpers/fake-emperor.js';
import {renderFakeVassal, writeFileAtomic} from '../helpers/fake-vassal.js';
import {makeTempDir} from '../helpers/temp-dir.js';
import {isRoot, readProcessIds} from '../helpers/users.js';

const NOBODY = 65_534;

test('--uid and --gid drop the emperor once its sockets are bound; its vassals run as that user and cannot ask for root', {skip: !isRoot && 'needs root', timeout: 30_000}, async t => {
	const vassalsDir = makeTempDir('emperor-unprivileged-');
	chmodSync(vassalsDir, 0o755);
	writeFileAtomic(join(vassalsDir, 'app.ini'), renderFakeVassal({send: [1, 5]}));
	writeFileAtomic(join(vassalsDir, 'greedy.ini'), `${renderFakeVassal({send: [1, 5]})}\n[uwsgi]\nuid = root\n`);
	const socketDir = makeTempDir('emperor-control-');
	chmodSync(socketDir, 0o755);
	const control = join(socketDir, 'emperor.control');
	const emperor = startFakeEmperor(t, {vassalsDir, flags: {'--uid': 'nobody', '--gid': 'nogroup', '--control': control}, env: {FAKE_VASSAL_RECORD_DIR: ''}});
	await emperor.waitForLog({event: 'emperor-privileges-dropped', uid: NOBODY, gid: NOBODY});
	assert.equal(readProcessIds(emperor.pid).uid[1], NOBODY);

	const ready = await emperor.waitForLog({event: 'vassal-ready', vassal: 'app.ini'});
	assert.deepEqual(readProcessIds(ready.pid as number).uid, [NOBODY, NOBODY, NOBODY, NOBODY]);
	const refused = await emperor.waitForLog({event: 'vassal-config-invalid', vassal: 'greedy.ini'});
	assert.match((refused.issues as {message: string}[])[0]!.message, /^uid = root: the emperor runs as uid 65534, not root/);
	assert.equal(emperor.countLogs({event: 'vassal-spawned', vassal: 'greedy.ini'}), 0);

	const {statSync} = await import('node:fs');
	assert.equal(statSync(control).uid, 0, 'the control socket was bound before the drop');
});

test('an unknown --uid is a start-up error', async t => {
	const emperor = startFakeEmperor(t, {flags: {'--uid': 'no-such-user-here'}});
	const fatal = await emperor.waitForLog({event: 'emperor-fatal'});
	assert.equal(fatal.code, 'EMPEROR_PRIVILEGES_INVALID');
	assert.equal((await emperor.exited).code, 1);
});
