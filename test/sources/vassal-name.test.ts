import assert from 'node:assert/strict';
import {test} from 'node:test';
import {isPlainVassalName, vassalIdentifier} from '../../src/sources/vassal-name.js';

// what LISTEN_FDNAMES accepts (systemd's fdname_is_valid), a cgroup or file name, a journal identifier
const assertSafe = (identifier: string) => {
	assert.ok(identifier.length > 0 && identifier.length <= 80, `length of ${identifier}`);
	assert.match(identifier, /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/, identifier);
	assert.ok(identifier !== '.' && identifier !== '..');
};

test('a plain file name is its own identifier: directory vassals keep theirs', () => {
	for (const name of ['app.ini', 'my-app_2.ini', 'x.y.ini', 'A.ini']) {
		assert.ok(isPlainVassalName(name), name);
		assert.equal(vassalIdentifier(name), name);
	}
});

test('a glob vassal path becomes a readable token with a hash, the extension kept last', () => {
	const identifier = vassalIdentifier('/srv/blog/uwsgi.ini');
	assert.match(identifier, /^srv_blog_uwsgi-[0-9a-f]{8}\.ini$/);
	assertSafe(identifier);
	assert.match(vassalIdentifier('projects/shop/uwsgi.ini'), /^projects_shop_uwsgi-[0-9a-f]{8}\.ini$/);
});

test('the identifier depends on the name alone: stable across calls and restarts', () => {
	assert.equal(vassalIdentifier('/srv/blog/uwsgi.ini'), vassalIdentifier('/srv/blog/uwsgi.ini'));
	assert.equal(vassalIdentifier('/srv/blog/uwsgi.ini'), 'srv_blog_uwsgi-6c5ada26.ini');
});

test('names whose readable parts are the same still get different identifiers', () => {
	const names = ['/srv/a_b/uwsgi.ini', '/srv/a/b/uwsgi.ini', '/srv/a b/uwsgi.ini', '/srv/a//b/uwsgi.ini', 'srv/a/b/uwsgi.ini', '/srv/a:b/uwsgi.ini'];
	const identifiers = names.map(vassalIdentifier);
	assert.equal(new Set(identifiers).size, names.length, identifiers.join(' '));
	// and never the identifier of a plain name that is in use: a rewritten one always carries the hash
	assert.notEqual(vassalIdentifier('/srv/a_b.ini'), 'srv_a_b.ini');
});

test('a thousand project paths give a thousand identifiers', () => {
	const identifiers = new Set(Array.from({length: 1000}, (_, index) => vassalIdentifier(`/srv/project-${index}/uwsgi.ini`)));
	assert.equal(identifiers.size, 1000);
});

test('spaces, colons, quotes, non-ASCII and control characters never reach the identifier', () => {
	for (const name of ['my app.ini', 'café.ini', '/srv/ünï cødé/uwsgi.ini', '/srv/a:b/uwsgi.ini', '/srv/"q"/u.ini', '/srv/new\nline/uwsgi.ini', '/srv/tab\there.ini']) {
		const identifier = vassalIdentifier(name);
		assertSafe(identifier);
		assert.ok(!isPlainVassalName(name), name);
	}
	assert.match(vassalIdentifier('café.ini'), /^caf-[0-9a-f]{8}\.ini$/);
});

test('long paths are cut to their tail, so the identifier stays at most 80 characters', () => {
	const name = `/srv/${'deep/'.repeat(40)}project/uwsgi.ini`;
	const identifier = vassalIdentifier(name);
	assertSafe(identifier);
	assert.match(identifier, /project_uwsgi-[0-9a-f]{8}\.ini$/);
	const plainButLong = `${'a'.repeat(90)}.ini`;
	assert.ok(!isPlainVassalName(plainButLong));
	assertSafe(vassalIdentifier(plainButLong));
	assert.notEqual(vassalIdentifier(plainButLong), vassalIdentifier(`${'a'.repeat(91)}.ini`));
});

test('names with nothing readable, hidden names and dots only still give a safe identifier', () => {
	for (const name of ['/', '/ü/ç.ini', '.hidden.ini', '..', '.', '/srv/.ini', '']) {
		const identifier = vassalIdentifier(name);
		assertSafe(identifier);
	}
	assert.match(vassalIdentifier('/ü/ç.ini'), /^vassal-[0-9a-f]{8}\.ini$/);
});

test('an extension that is not a short plain word is part of the readable body', () => {
	assert.match(vassalIdentifier('/srv/app/uwsgi.conf file'), /^srv_app_uwsgi.conf_file-[0-9a-f]{8}$/);
});
