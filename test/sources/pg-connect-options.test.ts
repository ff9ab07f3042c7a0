import assert from 'node:assert/strict';
import {test} from 'node:test';
import {DEFAULT_SOCKET_DIRECTORY, describePgTarget, resolvePgConnect} from '../../src/sources/pg-connect-options.js';

const environment = (env: Record<string, string> = {}) => ({env, homeDirectory: '/home/emp', userName: 'emp'});

const targetOf = (params: Record<string, string>, env: Record<string, string> = {}) => {
	const result = resolvePgConnect(params, environment(env));
	assert.ok(result.ok, result.ok ? '' : result.error);
	return result.target;
};

test('without keywords or environment: libpq defaults (the socket directory, the user, a database named as the user, ~/.pgpass)', () => {
	const target = targetOf({});
	assert.deepEqual({host: target.host, port: target.port, user: target.user, database: target.database, passfile: target.passfile, password: target.password},
		{host: DEFAULT_SOCKET_DIRECTORY, port: 5432, user: 'emp', database: 'emp', passfile: '/home/emp/.pgpass', password: undefined});
});

test('the libpq environment fills what the connection string leaves out, and the string wins', () => {
	const env = {PGHOST: '/run/pg', PGPORT: '5433', PGUSER: 'app', PGDATABASE: 'fleet', PGPASSWORD: 'pw', PGPASSFILE: '/etc/emperor/pgpass', PGSSLMODE: 'disable', PGAPPNAME: 'web1'};
	const fromEnv = targetOf({}, env);
	assert.deepEqual([fromEnv.host, fromEnv.port, fromEnv.user, fromEnv.database, fromEnv.password, fromEnv.passfile, fromEnv.sslmode, fromEnv.applicationName],
		['/run/pg', 5433, 'app', 'fleet', 'pw', '/etc/emperor/pgpass', 'disable', 'web1']);
	const fromString = targetOf({host: 'db', port: '6432', user: 'u', dbname: 'd', password: 'p', passfile: '/pf', sslmode: 'require'}, env);
	assert.deepEqual([fromString.host, fromString.port, fromString.user, fromString.database, fromString.password, fromString.passfile, fromString.sslmode],
		['db', 6432, 'u', 'd', 'p', '/pf', 'require']);
});

test('a bad port or several hosts are refused; unknown keywords are listed; the description has no password', () => {
	assert.equal(resolvePgConnect({port: 'x'}, environment()).ok, false);
	assert.equal(resolvePgConnect({host: 'a,b'}, environment()).ok, false);
	assert.deepEqual(targetOf({options: '-c x=y', keepalives: '1'}).ignored, ['options', 'keepalives']);
	assert.equal(describePgTarget(targetOf({host: '/tmp/x', password: 'secret', dbname: 'fleet'})), 'emp@/tmp/x/.s.PGSQL.5432/fleet');
	assert.equal(describePgTarget(targetOf({host: 'db', port: '6432', user: 'u'})), 'u@db:6432/u');
});
