import assert from 'node:assert/strict';
import {test} from 'node:test';
import {loadVassalFile} from '../../src/config/load-vassal-file.js';
import {makeTempDir} from '../helpers/temp-dir.js';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';

const directory = makeTempDir('emperor-program-check-');
const load = (name: string, text: string) => {
	writeFileSync(join(directory, name), text);
	return loadVassalFile(directory, name);
};

test('a program vassal loads with its spec and no uWSGI section', async () => {
	const result = await load('node.ini', '[emperor]\ncommand = node server.js\n');
	assert.ok(result.ok);
	assert.deepEqual(result.config.program?.argv, ['node', 'server.js']);
	assert.equal(result.config.kind, 'program');
});

test('a program that is not in PATH and a chdir that does not exist are errors naming the key', async () => {
	const missing = await load('a.ini', '[emperor]\ncommand = no-such-server --port 1\n');
	assert.ok(!missing.ok);
	assert.deepEqual(missing.issues.map(issue => [issue.code, issue.key, issue.line]), [['VASSAL_COMMAND_MISSING', 'command', 2]]);
	assert.match(missing.issues[0]!.message, /no no-such-server in PATH/);
	const chdir = await load('b.ini', '[emperor]\ncommand = node\nchdir = nowhere\n');
	assert.ok(!chdir.ok);
	assert.equal(chdir.issues[0]!.code, 'VASSAL_CHDIR_MISSING');
});

test('a file with [uwsgi] and [emperor] command is refused, naming both', async () => {
	const result = await load('both.ini', '[uwsgi]\nmaster = true\n[emperor]\ncommand = node server.js\n');
	assert.ok(!result.ok);
	assert.equal(result.issues[0]!.code, 'VASSAL_UWSGI_AND_COMMAND');
	assert.match(result.issues[0]!.message, /command \(line 4\).*\[uwsgi\] section \(line 2\)/);
});
