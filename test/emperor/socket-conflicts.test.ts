import assert from 'node:assert/strict';
import {rmSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {startFakeEmperor} from '../helpers/fake-emperor.js';
import {renderFakeVassal, writeFileAtomic} from '../helpers/fake-vassal.js';
import {makeTempDir} from '../helpers/temp-dir.js';

// a fake vassal that asks for socket (the fake binds nothing: the emperor refuses before anything runs)
const vassalOn = (socket: string) => renderFakeVassal().replace('[uwsgi]\n', `[uwsgi]\nsocket = ${socket}\n`);

test('a second vassal binding the same socket is refused, naming the first; it runs once the first is removed', {timeout: 30_000}, async t => {
	const vassalsDir = makeTempDir('emperor-vassals-');
	writeFileAtomic(join(vassalsDir, 'first.ini'), vassalOn('127.0.0.1:39031'));
	const emperor = startFakeEmperor(t, {vassalsDir});
	await emperor.waitForLog({event: 'vassal-accepting', vassal: 'first.ini'});
	writeFileAtomic(join(vassalsDir, 'second.ini'), vassalOn(':39031'));
	const refused = await emperor.waitForLog({event: 'vassal-config-invalid', vassal: 'second.ini'});
	const issues = refused.issues as {code: string; line: number; message: string}[];
	assert.deepEqual(issues.map(issue => [issue.code, issue.line, issue.message]), [
		['VASSAL_SOCKET_CONFLICT', 2, '*:39031 is already bound by first.ini (line 2, socket): the second vassal is refused'],
	]);
	assert.equal(emperor.countLogs({event: 'vassal-spawned', vassal: 'second.ini'}), 0);
	rmSync(join(vassalsDir, 'first.ini'));
	await emperor.waitForLog({event: 'vassal-removed', vassal: 'first.ini'});
	await emperor.waitForLog({event: 'vassal-accepting', vassal: 'second.ini'});
});

test('vassals on different sockets run side by side', {timeout: 30_000}, async t => {
	const vassalsDir = makeTempDir('emperor-vassals-');
	writeFileAtomic(join(vassalsDir, 'a.ini'), vassalOn('%d%n.sock'));
	writeFileAtomic(join(vassalsDir, 'b.ini'), vassalOn('%d%n.sock'));
	const emperor = startFakeEmperor(t, {vassalsDir});
	await emperor.waitForLog({event: 'vassal-accepting', vassal: 'a.ini'});
	await emperor.waitForLog({event: 'vassal-accepting', vassal: 'b.ini'});
	assert.equal(emperor.countLogs({event: 'vassal-config-invalid'}), 0);
});
