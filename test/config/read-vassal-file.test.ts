import assert from 'node:assert/strict';
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {formatConfigIssue} from '../../src/config/config-issue.js';
import {MAX_VASSAL_FILE_BYTES, readVassalFile} from '../../src/config/read-vassal-file.js';
import {makeTempDir} from '../helpers/temp-dir.js';

const directory = makeTempDir();
let counter = 0;
const readContent = async (content: string | Buffer) => {
	const name = `v${counter++}.ini`;
	writeFileSync(join(directory, name), content);
	return readVassalFile(directory, name);
};

const issueCodes = async (content: string | Buffer) => {
	const result = await readContent(content);
	assert.ok(!result.ok, 'expected the file to be rejected');
	return result.issues.map(issue => issue.code);
};

test('a seed vassal file is read into its sections', async () => {
	const result = await readContent('[uwsgi]\nmodule = wsgi:application\n\nmaster = true\nprocesses = 5\n\nsocket = myapp.sock\nchmod-socket = 664\nvacuum = true\n\ndie-on-term = true\n');
	assert.ok(result.ok);
	assert.equal(result.config.sections.uwsgi!.socket, 'myapp.sock');
	assert.equal(result.config.path, join(directory, result.config.name));
});

test('a UTF-8 byte order mark is allowed', async () => {
	assert.ok((await readContent('\uFEFF[uwsgi]\nmaster = true\n')).ok);
});

test('a file without a [uwsgi] section is rejected', async () => {
	assert.deepEqual(await issueCodes('[app]\nmodule = x\n'), ['VASSAL_NO_UWSGI_SECTION']);
	assert.deepEqual(await issueCodes(''), ['VASSAL_NO_UWSGI_SECTION']);
});

test('a NUL byte is rejected with its line', async () => {
	const result = await readContent(Buffer.from('[uwsgi]\nmaster = 1\nx = \0\n'));
	assert.ok(!result.ok);
	assert.equal(formatConfigIssue(result.issues[0]!), `${result.issues[0]!.file}:3: expected text, found a NUL byte`);
});

test('invalid UTF-8 is rejected', async () => {
	assert.deepEqual(await issueCodes(Buffer.from([0x5b, 0x75, 0x77, 0x73, 0x67, 0x69, 0x5d, 0x0a, 0xff, 0xfe, 0x0a])), ['VASSAL_FILE_ENCODING']);
});

test('a file over 1 MiB is rejected', async () => {
	assert.deepEqual(await issueCodes(`[uwsgi]\n${'x'.repeat(MAX_VASSAL_FILE_BYTES)}\n`), ['VASSAL_FILE_TOO_LARGE']);
});

test('a directory named like a vassal is rejected', async () => {
	mkdirSync(join(directory, 'dir.ini'));
	const result = await readVassalFile(directory, 'dir.ini');
	assert.ok(!result.ok);
	assert.equal(result.issues[0]!.code, 'VASSAL_FILE_NOT_REGULAR');
});

test('a file that vanished is reported as unreadable, not thrown', async () => {
	const result = await readVassalFile(directory, 'missing.ini');
	assert.ok(!result.ok);
	assert.equal(result.issues[0]!.code, 'VASSAL_FILE_UNREADABLE');
	assert.match(result.issues[0]!.message, /ENOENT/);
});

test('random bytes never make the reader throw', async () => {
	for (let round = 0; round < 50; round++) {
		const bytes = Buffer.from(Array.from({length: 64}, () => Math.floor(Math.random() * 256)));
		const result = await readContent(bytes);
		assert.equal(typeof result.ok, 'boolean');
	}
});
