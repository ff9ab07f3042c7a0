import assert from 'node:assert/strict';
import {join} from 'node:path';
import {test} from 'node:test';
import {startFakeEmperor} from '../helpers/fake-emperor.js';
import {renderFakeVassal, writeFileAtomic} from '../helpers/fake-vassal.js';
import {makeTempDir} from '../helpers/temp-dir.js';

const invalidFiles: Record<string, string | Buffer> = {
	'no-uwsgi-section.ini': '[fake]\nsend = 1,5\n',
	'nul-bytes.ini': `${renderFakeVassal()}; \0\0\0\n`,
	'not-utf8.ini': Buffer.concat([Buffer.from(renderFakeVassal()), Buffer.from([0x3b, 0xff, 0xfe, 0xc3, 0x28, 0x0a])]),
	'too-big.ini': `${renderFakeVassal()}${`; ${'x'.repeat(1021)}\n`.repeat(1025)}`,
};

test('invalid vassal files are rejected without spawning while a good vassal runs', {timeout: 30_000}, async t => {
	const vassalsDir = makeTempDir('emperor-vassals-');
	for (const [name, content] of Object.entries(invalidFiles)) writeFileAtomic(join(vassalsDir, name), content);
	const emperor = startFakeEmperor(t, {vassalsDir, vassals: {'good.ini': {}}});
	await emperor.waitForLog({event: 'vassal-accepting', vassal: 'good.ini'});
	for (const name of Object.keys(invalidFiles)) {
		const invalid = await emperor.waitForLog({event: 'vassal-config-invalid', vassal: name});
		assert.equal(invalid.code, 'VASSAL_CONFIG_INVALID');
	}
	assert.deepEqual(emperor.logs.filter(line => line.event === 'vassal-spawned').map(line => line.vassal), ['good.ini']);
	assert.equal(emperor.countLogs({event: 'vassal-config-invalid', vassal: 'good.ini'}), 0);
});

test('an invalid file dropped next to a running vassal leaves that vassal untouched', {timeout: 30_000}, async t => {
	const emperor = startFakeEmperor(t, {vassals: {'good.ini': {heartbeatMs: 100}}, flags: {'--log-level': 'debug'}});
	await emperor.waitForLog({event: 'vassal-accepting', vassal: 'good.ini'});
	for (const [name, content] of Object.entries(invalidFiles)) writeFileAtomic(join(emperor.vassalsDir, name), content);
	for (const name of Object.keys(invalidFiles)) await emperor.waitForLog({event: 'vassal-config-invalid', vassal: name});
	assert.equal(emperor.countLogs({event: 'vassal-spawned'}), 1);
	assert.equal(emperor.countLogs({event: 'vassal-reloading'}), 0);
	assert.equal(emperor.countLogs({event: 'vassal-stopping'}), 0);
	const beats = emperor.countLogs({event: 'vassal-heartbeat', vassal: 'good.ini'});
	await emperor.waitForLog(() => emperor.countLogs({event: 'vassal-heartbeat', vassal: 'good.ini'}) > beats + 3);
});
