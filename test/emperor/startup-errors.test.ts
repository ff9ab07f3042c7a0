import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {startEmperorProcess} from '../helpers/emperor-process.js';
import {FAKE_VASSAL_PATH} from '../helpers/fake-vassal.js';
import {makeTempDir} from '../helpers/temp-dir.js';

// starts the emperor with args and expects emperor-fatal and exit 1
const testFatalStart = async (args: string[]) => {
	const emperor = startEmperorProcess(['--binary-path', FAKE_VASSAL_PATH, ...args]);
	const timer = setTimeout(() => emperor.stop('SIGKILL'), 10_000);
	const {code} = await emperor.exited;
	clearTimeout(timer);
	const seen = `seen:\n${emperor.logs.map(line => JSON.stringify(line)).join('\n')}\n${emperor.output.join('\n')}`;
	assert.equal(code, 1, `exit code; ${seen}`);
	assert.equal(emperor.countLogs({event: 'emperor-fatal'}), 1, `one emperor-fatal JSON line; ${seen}`);
	assert.equal(emperor.countLogs({event: 'emperor-started'}), 0);
};

test('a missing vassals dir makes the emperor exit 1 with emperor-fatal', {timeout: 15_000}, () =>
	testFatalStart(['--vassals', join(makeTempDir(), 'missing')]));

test('a vassals path that is a file makes the emperor exit 1 with emperor-fatal', {timeout: 15_000}, () => {
	const file = join(makeTempDir(), 'vassals.ini');
	writeFileSync(file, '[uwsgi]\n');
	return testFatalStart(['--vassals', file]);
});

test('a bad option value makes the emperor exit 1 with emperor-fatal', {timeout: 15_000}, () =>
	testFatalStart(['--vassals', makeTempDir(), '--emperor-throttle', 'soon']));

test('an --ini file that cannot be read makes the emperor exit 1 with emperor-fatal', {timeout: 15_000}, () =>
	testFatalStart(['--ini', join(makeTempDir(), 'missing.ini')]));

test('an --ini file with a bad value makes the emperor exit 1 with emperor-fatal', {timeout: 15_000}, () => {
	const file = join(makeTempDir(), 'emperor.ini');
	writeFileSync(file, `[uwsgi]\nemperor = ${makeTempDir()}\nemperor-throttle = soon\n`);
	return testFatalStart(['--ini', file]);
});
