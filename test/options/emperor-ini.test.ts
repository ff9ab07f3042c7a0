import assert from 'node:assert/strict';
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {formatIniNote, readEmperorIni} from '../../src/options/emperor-ini.js';
import {DEBIAN_EMPEROR_INI} from '../helpers/emperor-ini-fixtures.js';
import {startEmperorProcess} from '../helpers/emperor-process.js';
import {FAKE_VASSAL_PATH, writeFakeVassal} from '../helpers/fake-vassal.js';
import {makeTempDir} from '../helpers/temp-dir.js';

const read = (lines: string[], file = 'emperor.ini') => readEmperorIni(lines.join('\n'), file);

test("Debian's stock emperor.ini loads: the vassals dir, uid and gid are taken; master, workers, no-orphans and log-date are noted", () => {
	const ini = readEmperorIni(readFileSync(DEBIAN_EMPEROR_INI, 'utf8'), '/etc/uwsgi-emperor/emperor.ini');
	assert.deepEqual(ini.errors, []);
	assert.deepEqual(ini.raw, {vassalsDir: ['/etc/uwsgi-emperor/vassals'], uid: 'www-data', gid: 'www-data'});
	assert.deepEqual(ini.notes.map(note => [note.key, note.line, note.isKnown]), [
		['master', 4, true], ['workers', 7, true], ['no-orphans', 10, true], ['log-date', 13, true],
	]);
	assert.equal(formatIniNote(ini.notes[0]!), '/etc/uwsgi-emperor/emperor.ini:4: master ignored: this emperor has no master or workers of its own; a vassal sets its own in its file');
});

test('keys are spelled like the flags: values, bare booleans, repeated lists, and underscores for dashes', () => {
	const ini = read(['[uwsgi]', 'emperor = /srv/vassals', 'emperor_freq = 5', 'emperor-graceful-shutdown', 'vassal-set = plugins=python3', 'vassal-set = processes=2', 'reload-mercy = 8']);
	assert.deepEqual(ini.errors, []);
	assert.deepEqual(ini.notes, []);
	assert.deepEqual(ini.raw, {vassalsDir: ['/srv/vassals'], freqSeconds: '5', gracefulShutdown: true, vassalSet: ['plugins=python3', 'processes=2'], reloadMercySeconds: '8'});
	assert.equal(ini.sources.get('freqSeconds'), 'emperor.ini:3: emperor_freq');
});

test('an unknown key is noted as unknown, never fatal; other sections and keys before [uwsgi] are not read', () => {
	const ini = read(['stray = 1', '[uwsgi]', 'emperor = v', 'emperor-frq = 3', 'ini = other.ini', '[app]', 'emperor = elsewhere']);
	assert.deepEqual(ini.errors, []);
	assert.deepEqual(ini.raw, {vassalsDir: ['v']});
	assert.deepEqual(ini.notes.map(note => [note.key, note.isKnown, note.reason]), [
		['stray', false, 'it comes before the [uwsgi] header'],
		['emperor-frq', false, 'not an option of this emperor'],
		['ini', true, 'an emperor ini does not include others'],
	]);
});

test('tyrant mode options are read like the flags', () => {
	const ini = read(['[uwsgi]', 'emperor = v', 'emperor-tyrant = true', 'emperor-tyrant-initgroups']);
	assert.deepEqual(ini.errors, []);
	assert.deepEqual(ini.raw, {vassalsDir: ['v'], tyrant: 'true', tyrantInitgroups: true});
});

test('a key that needs a value but has none is an error with its line', () => {
	assert.deepEqual(read(['[uwsgi]', 'emperor']).errors, ['emperor.ini:2: emperor: expected a value, found nothing']);
});

test('emperor --ini runs the vassals of the file and logs one line per ignored key', {timeout: 30_000}, async t => {
	const vassalsDir = makeTempDir('emperor-vassals-');
	writeFakeVassal(vassalsDir, 'a.ini');
	const iniFile = join(makeTempDir(), 'emperor.ini');
	writeFileSync(iniFile, ['[uwsgi]', 'master = true', 'no-orphans', `emperor = ${vassalsDir}`, `binary-path = ${FAKE_VASSAL_PATH}`, 'frobnicate = 1', 'reload-mercy = 2', ''].join('\n'));
	const emperor = startEmperorProcess(['--ini', iniFile]);
	t.after(() => emperor.stop('SIGKILL'));
	await emperor.waitForLog({event: 'vassal-accepting', vassal: 'a.ini'});
	const ignored = emperor.logs.filter(line => line.event === 'emperor-option-ignored').map(line => [line.key, line.line, line.level]);
	assert.deepEqual(ignored, [['master', 2, 30], ['no-orphans', 3, 30], ['frobnicate', 6, 40]]);
	assert.equal(emperor.logs.find(line => line.event === 'emperor-started')?.vassalsDir, vassalsDir);
	emperor.child.kill('SIGTERM');
	assert.deepEqual(await emperor.exited, {code: 0, signal: null});
});
