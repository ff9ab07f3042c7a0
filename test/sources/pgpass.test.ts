import assert from 'node:assert/strict';
import {chmod, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test} from 'node:test';
import {findPgpassPassword, lookUpPgpass} from '../../src/sources/pgpass.js';

const target = {host: '/tmp/pg', port: '5432', database: 'fleet', user: 'emperor'};

test('the first matching line wins; * matches anything; \\: and \\\\ are escapes; a socket matches localhost', () => {
	const text = '# comment\nother:5432:fleet:emperor:no\n*:5433:*:*:wrong-port\nlocalhost:*:fleet:emperor:pa\\:ss\\\\word\n*:*:*:*:last\n';
	assert.equal(findPgpassPassword(text, target), 'pa:ss\\word');
	assert.equal(findPgpassPassword(text, {...target, host: 'db.example'}), 'last');
	assert.equal(findPgpassPassword('/tmp/pg:5432:fleet:emperor:exact\r\n', target), 'exact');
	assert.equal(findPgpassPassword('short:line\n', target), undefined);
	assert.equal(findPgpassPassword('*:*:*:*:with:colons\n', target), 'with:colons');
});

test('a password file others can read is ignored with a warning, a missing one is no password', async () => {
	const directory = await mkdtemp(join(tmpdir(), 'pgpass-'));
	try {
		const path = join(directory, 'pgpass');
		await writeFile(path, '*:*:*:*:secret\n');
		await chmod(path, 0o600);
		assert.deepEqual(await lookUpPgpass(path, target), {password: 'secret'});
		await chmod(path, 0o644);
		const open = await lookUpPgpass(path, target);
		assert.equal(open.password, undefined);
		assert.match(open.warning ?? '', /group or world access.*ignored/);
		assert.deepEqual(await lookUpPgpass(join(directory, 'missing'), target), {});
	} finally {
		await rm(directory, {recursive: true, force: true});
	}
});
