import assert from 'node:assert/strict';
import {test} from 'node:test';
import {passwordOf, redactConninfo, redactSecrets} from '../../src/sources/conninfo-redact.js';

test('a password in key=value form is masked, quoted or not, and nothing else changes', () => {
	assert.equal(redactConninfo('host=/tmp dbname=x password=hunter2 user=app'), 'host=/tmp dbname=x password=*** user=app');
	assert.equal(redactConninfo("password = 'hun ter\\'2' dbname=x"), 'password = *** dbname=x');
	assert.equal(redactConninfo('pg://host=db password=hunter2;SELECT 1'), 'pg://host=db password=***;SELECT 1');
	assert.equal(redactConninfo('host=/tmp dbname=x'), 'host=/tmp dbname=x');
});

test('a password in a URI is masked, in the user part and as a parameter', () => {
	assert.equal(redactConninfo('postgresql://app:hunter2@db/fleet'), 'postgresql://app:***@db/fleet');
	assert.equal(redactConninfo('pg://postgresql://app:hun@ter2@db/fleet;SELECT 1'), 'pg://postgresql://app:***@db/fleet;SELECT 1');
	assert.equal(redactConninfo('postgresql://app@db/fleet?password=hunter2&sslmode=require'), 'postgresql://app@db/fleet?password=***&sslmode=require');
	assert.equal(redactConninfo('postgresql://db/fleet'), 'postgresql://db/fleet');
});

test('a text from elsewhere loses the secrets it repeats', () => {
	assert.equal(passwordOf('host=x password=hunter2'), 'hunter2');
	assert.equal(passwordOf('host=x'), undefined);
	assert.equal(redactSecrets('auth failed for hunter2 at host=x password=hunter2', ['hunter2', undefined, '']), 'auth failed for *** at host=x password=***');
});
