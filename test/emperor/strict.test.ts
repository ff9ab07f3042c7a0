import assert from 'node:assert/strict';
import {join} from 'node:path';
import {test} from 'node:test';
import {startFakeEmperor} from '../helpers/fake-emperor.js';
import {renderFakeVassal, writeFileAtomic} from '../helpers/fake-vassal.js';
import {makeTempDir} from '../helpers/temp-dir.js';

const prepare = () => {
	const vassalsDir = makeTempDir('emperor-strict-');
	writeFileAtomic(join(vassalsDir, 'typo.ini'), `${renderFakeVassal({send: [1, 5]})}\n[uwsgi]\nprocesess = 2\n`);
	writeFileAtomic(join(vassalsDir, 'good.ini'), renderFakeVassal({send: [1, 5]}));
	return vassalsDir;
};

test('a misspelt option is a warning with a suggestion, and the vassal runs', {timeout: 30_000}, async t => {
	const emperor = startFakeEmperor(t, {vassalsDir: prepare()});
	const warning = await emperor.waitForLog({event: 'vassal-config-warning', vassal: 'typo.ini'});
	assert.match(String(warning.msg), /procesess.*did you mean processes/);
	await emperor.waitForLog({event: 'vassal-ready', vassal: 'typo.ini'});
});

test('with --strict a misspelt option rejects the vassal; the others run', {timeout: 30_000}, async t => {
	const emperor = startFakeEmperor(t, {vassalsDir: prepare(), flags: {'--strict': true}});
	const refused = await emperor.waitForLog({event: 'vassal-config-invalid', vassal: 'typo.ini'});
	assert.deepEqual((refused.issues as {code: string; key: string}[]).map(issue => [issue.code, issue.key]), [['VASSAL_UNKNOWN_OPTION', 'procesess']]);
	await emperor.waitForLog({event: 'vassal-ready', vassal: 'good.ini'});
	assert.equal(emperor.countLogs({event: 'vassal-spawned', vassal: 'typo.ini'}), 0);
});
