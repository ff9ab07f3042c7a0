import assert from 'node:assert/strict';
import {test} from 'node:test';
import {DEFAULT_PG_QUERY} from '../../src/sources/pg-spec.js';
import {hasGlobCharacters, parseSourceSpec, parseSourceSpecs} from '../../src/sources/source-spec.js';

const sourceOf = (spec: string) => {
	const result = parseSourceSpec(spec);
	assert.ok(result.ok, `expected ${spec} to parse: ${result.ok ? '' : result.error}`);
	return result.source;
};

const errorOf = (spec: string) => {
	const result = parseSourceSpec(spec);
	assert.ok(!result.ok, `expected ${spec} to be refused`);
	return result.error;
};

test('a plain value without glob characters is a directory, as is dir://PATH', () => {
	assert.deepEqual(sourceOf('/etc/uwsgi/vassals'), {kind: 'dir', spec: '/etc/uwsgi/vassals', directory: '/etc/uwsgi/vassals'});
	assert.deepEqual(sourceOf('vassals'), {kind: 'dir', spec: 'vassals', directory: 'vassals'});
	assert.deepEqual(sourceOf('dir:///srv/vassals'), {kind: 'dir', spec: 'dir:///srv/vassals', directory: '/srv/vassals'});
	assert.deepEqual(sourceOf('dir://relative/dir'), {kind: 'dir', spec: 'dir://relative/dir', directory: 'relative/dir'});
});

test('a value with *, ? or [ is a glob, as is glob://PATTERN', () => {
	assert.deepEqual(sourceOf('/srv/*/uwsgi.ini'), {kind: 'glob', spec: '/srv/*/uwsgi.ini', pattern: '/srv/*/uwsgi.ini'});
	assert.deepEqual(sourceOf('*.ini'), {kind: 'glob', spec: '*.ini', pattern: '*.ini'});
	assert.equal(sourceOf('/srv/app?/uwsgi.ini').kind, 'glob');
	assert.equal(sourceOf('/srv/[ab]/uwsgi.ini').kind, 'glob');
	assert.deepEqual(sourceOf('glob:///srv/*/uwsgi.ini'), {kind: 'glob', spec: 'glob:///srv/*/uwsgi.ini', pattern: '/srv/*/uwsgi.ini'});
	// glob:// without glob characters still names a glob: it matches that one file
	assert.deepEqual(sourceOf('glob:///srv/app/uwsgi.ini'), {kind: 'glob', spec: 'glob:///srv/app/uwsgi.ini', pattern: '/srv/app/uwsgi.ini'});
	assert.ok(hasGlobCharacters('a*') && hasGlobCharacters('a?') && hasGlobCharacters('a[') && !hasGlobCharacters('/a/b.ini'));
});

test('the scheme is case-insensitive, as URL schemes are', () => {
	assert.equal(sourceOf('DIR:///srv').kind, 'dir');
	assert.equal(sourceOf('Glob:///srv/*.ini').kind, 'glob');
});

test('pg://CONNINFO;QUERY: a libpq connection string up to the first ;, the query after it, uWSGI\'s query without one', () => {
	assert.deepEqual(sourceOf('pg://dbname=emperor;SELECT name,config,ts FROM vassals WHERE host = \'a;b\''),
		{kind: 'pg', spec: 'pg://dbname=emperor;SELECT name,config,ts FROM vassals WHERE host = \'a;b\'', conninfo: 'dbname=emperor', query: 'SELECT name,config,ts FROM vassals WHERE host = \'a;b\''});
	assert.deepEqual(sourceOf('pg://host=/tmp dbname=x'), {kind: 'pg', spec: 'pg://host=/tmp dbname=x', conninfo: 'host=/tmp dbname=x', query: DEFAULT_PG_QUERY});
	assert.equal(sourceOf('pg://').kind, 'pg');
	assert.equal(sourceOf('PG://postgresql://app@db/fleet').kind, 'pg');
	assert.match(errorOf('zmq://tcp://127.0.0.1:5250'), /zmq:\/\/ sources are not supported yet/);
});

test('a pg:// spec is named with its password masked, parsed or refused', () => {
	assert.equal(sourceOf('pg://host=db password=hunter2;SELECT 1').spec, 'pg://host=db password=***;SELECT 1');
	const source = sourceOf('pg://host=db password=hunter2');
	assert.equal(source.kind === 'pg' ? source.conninfo : undefined, 'host=db password=hunter2');
	const refused = errorOf("pg://host=db password=hunter2 dbname='x");
	assert.doesNotMatch(refused, /hunter2/);
	assert.match(refused, /not a valid libpq connection string/);
	assert.match(errorOf('pg://host=db;  '), /expected a query after ";"/);
});

test('an unknown scheme, an empty value, an empty path or pattern and an unclosed [ are errors naming the spec', () => {
	assert.match(errorOf('ftp://host/dir'), /^vassal source "ftp:\/\/host\/dir": unknown source kind ftp:\/\//);
	assert.match(errorOf(''), /^vassal source "": expected a directory/);
	assert.match(errorOf('   '), /expected a directory/);
	assert.match(errorOf('dir://'), /^vassal source "dir:\/\/": expected a directory after dir:\/\//);
	assert.match(errorOf('glob://'), /expected a pattern after glob:\/\//);
	assert.match(errorOf('/srv/[ab/uwsgi.ini'), /^vassal source "\/srv\/\[ab\/uwsgi.ini": not a valid glob pattern: an unclosed \[ at character 6/);
	assert.match(errorOf('/srv/a\0b'), /NUL/);
});

test('brackets that close are valid, including a ] first in the class and an escaped [', () => {
	for (const spec of ['/srv/[]a]/x.ini', '/srv/[!a]/x.ini', '/srv/\\[x/*.ini', '/srv/[a-z]*/uwsgi.ini']) assert.equal(sourceOf(spec).kind, 'glob', spec);
});

test('several specs: every bad one is named, or all sources in order', () => {
	assert.deepEqual(parseSourceSpecs(['/a', '/b/*.ini']), {ok: true, sources: [sourceOf('/a'), sourceOf('/b/*.ini')]});
	const result = parseSourceSpecs(['/a', 'pg://x', 'ftp://y']);
	assert.ok(!result.ok);
	assert.equal(result.errors.length, 2);
	assert.match(result.errors[0]!, /"pg:\/\/x": not a valid libpq connection string: missing "="/);
	assert.match(result.errors[1]!, /ftp:\/\/y/);
});
