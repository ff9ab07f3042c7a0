import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseUwsgiIni} from '../../src/config/parse-uwsgi-ini.js';
import {planPrivilegeDrop} from '../../src/system/drop-privileges.js';
import {checkUnprivilegedUser, lastOptionValue} from '../../src/system/privileges.js';
import {makeUserDatabase} from '../../src/system/user-database.js';

const users = makeUserDatabase([{name: 'root', uid: 0, gid: 0}, {name: 'www-data', uid: 33, gid: 33}, {name: 'me', uid: 1000, gid: 1000}], [{name: 'www-data', gid: 33}, {name: 'me', gid: 1000}]);

test('the last uid option wins, as in uWSGI', () => {
	const {sections} = parseUwsgiIni('[uwsgi]\nuid = a\nuid = b\nmaster\n', 'a.ini');
	assert.equal(lastOptionValue(sections, 'uid'), 'b');
	assert.equal(lastOptionValue(sections, 'master'), undefined);
	assert.equal(lastOptionValue(sections, 'gid'), undefined);
});

test('a root emperor lets a vassal switch users', () => {
	assert.equal(checkUnprivilegedUser({uid: 'www-data'}, {uid: 0, gid: 0}, users), undefined);
});

test('an unprivileged emperor refuses a vassal asking for another user, and accepts its own', () => {
	assert.equal(checkUnprivilegedUser({uid: 'www-data'}, {uid: 1000, gid: 1000}, users),
		'uid = www-data: the emperor runs as uid 1000, not root, so its vassals run as uid 1000 and cannot switch users; run the emperor as root, or remove the option');
	assert.equal(checkUnprivilegedUser({uid: 'me', gid: '1000'}, {uid: 1000, gid: 1000}, users), undefined);
	assert.match(checkUnprivilegedUser({gid: 'www-data'}, {uid: 1000, gid: 1000}, users)!, /^gid = www-data/);
});

test("the emperor's own uid and gid are checked before anything starts", () => {
	assert.deepEqual(planPrivilegeDrop({}, {uid: 0, gid: 0}, users), {ok: true, drop: undefined});
	assert.deepEqual(planPrivilegeDrop({uid: 'www-data', gid: 'www-data'}, {uid: 0, gid: 0}, users), {ok: true, drop: {uid: 33, gid: 33, userName: 'www-data'}});
	assert.deepEqual(planPrivilegeDrop({uid: 'www-data'}, {uid: 0, gid: 0}, users), {ok: true, drop: {uid: 33, gid: 33, userName: 'www-data'}});
	assert.deepEqual(planPrivilegeDrop({uid: 'nobody-here'}, {uid: 0, gid: 0}, users), {ok: false, error: 'uid = nobody-here: no such user on this machine'});
	assert.deepEqual(planPrivilegeDrop({uid: 'www-data'}, {uid: 1000, gid: 1000}, users), {ok: false, error: 'cannot switch to uid 33 gid 33: the emperor runs as uid 1000, not root'});
	assert.deepEqual(planPrivilegeDrop({uid: 'me'}, {uid: 1000, gid: 1000}, users), {ok: true, drop: undefined});
});
