import assert from 'node:assert/strict';
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {collectVassalFiles} from '../../src/check/collect-vassal-files.js';
import {makeTempDir} from '../helpers/temp-dir.js';

test('a glob gives its matching *.ini files, named by their path; no match is a warning', async () => {
	const root = makeTempDir();
	for (const project of ['blog', 'shop']) {
		mkdirSync(join(root, project));
		writeFileSync(join(root, project, 'uwsgi.ini'), '[uwsgi]\n');
	}
	writeFileSync(join(root, 'blog', 'notes.txt'), '');
	const collected = await collectVassalFiles([`${root}/*/uwsgi.ini`, `glob://${root}/*/*`]);
	assert.deepEqual(collected.targets.map(target => target.display), [`${root}/blog/uwsgi.ini`, `${root}/shop/uwsgi.ini`, `${root}/blog/uwsgi.ini`, `${root}/shop/uwsgi.ini`]);
	const none = await collectVassalFiles([`${root}/*/missing.ini`]);
	assert.deepEqual(none.targets, []);
	assert.deepEqual(none.issues.map(issue => [issue.code, issue.severity]), [['CHECK_GLOB_NO_MATCH', 'warning']]);
});

test('a malformed pg:// spec is an error naming it with its password masked', async () => {
	const collected = await collectVassalFiles(["pg://host=db password=hunter2 dbname='x"]);
	assert.equal(collected.issues[0]!.code, 'CHECK_PG_SPEC');
	assert.doesNotMatch(JSON.stringify(collected), /hunter2/);
});
