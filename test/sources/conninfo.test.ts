import assert from 'node:assert/strict';
import {test} from 'node:test';
import {isConninfoUri, parseConninfo} from '../../src/sources/conninfo.js';

const paramsOf = (text: string) => {
	const result = parseConninfo(text);
	assert.ok(result.ok, `expected ${text} to parse: ${result.ok ? '' : result.error}`);
	return result.params;
};

test('key=value pairs, with spaces around = and quoted values, as libpq reads them', () => {
	assert.deepEqual(paramsOf('host=/tmp dbname=x'), {host: '/tmp', dbname: 'x'});
	assert.deepEqual(paramsOf("  host = /run/pg  dbname='my db' password='it\\'s' user=a\\ b "), {host: '/run/pg', dbname: 'my db', password: "it's", user: 'a b'});
	assert.deepEqual(paramsOf(''), {});
	assert.deepEqual(paramsOf("dbname=''"), {dbname: ''});
});

test('a malformed key=value string says where', () => {
	assert.deepEqual(parseConninfo('host'), {ok: false, error: 'missing "=" after "host"'});
	assert.deepEqual(parseConninfo("dbname='x"), {ok: false, error: "dbname: a quoted value is not closed by '"});
	assert.equal(parseConninfo('=x').ok, false);
});

test('a URI gives the same keywords: user, password, host, port, dbname and its parameters', () => {
	assert.ok(isConninfoUri('postgresql://x') && isConninfoUri('postgres://x') && !isConninfoUri('host=x'));
	assert.deepEqual(paramsOf('postgresql://app:s%40cret@db.example:6432/fleet?sslmode=require&application_name=emp'), {
		user: 'app', password: 's@cret', host: 'db.example', port: '6432', dbname: 'fleet', sslmode: 'require', application_name: 'emp',
	});
	assert.deepEqual(paramsOf('postgresql://%2Fvar%2Frun%2Fpostgresql/fleet'), {host: '/var/run/postgresql', dbname: 'fleet'});
	assert.deepEqual(paramsOf('postgresql:///fleet?host=/tmp'), {dbname: 'fleet', host: '/tmp'});
	assert.deepEqual(paramsOf('postgres://[::1]:5433/db'), {host: '::1', port: '5433', dbname: 'db'});
	assert.deepEqual(paramsOf('postgresql://'), {});
	assert.equal(parseConninfo('postgresql://h/db?bad').ok, false);
});
