import assert from 'node:assert/strict';
import {test} from 'node:test';
import {loadUserDatabase, makeUserDatabase, parseGroup, parsePasswd} from '../../src/system/user-database.js';

const users = makeUserDatabase(
	parsePasswd('root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n# comment\nbroken line\n'),
	parseGroup('root:x:0:\nwww-data:x:33:\nadm:x:4:syslog\n'),
);

test('users and groups are found by name or number', () => {
	assert.deepEqual(users.findUser('www-data'), {name: 'www-data', uid: 33, gid: 33});
	assert.deepEqual(users.findUser(33), {name: 'www-data', uid: 33, gid: 33});
	assert.deepEqual(users.findGroup('adm'), {name: 'adm', gid: 4});
	assert.equal(users.nameOfUid(0), 'root');
});

test('a number with no entry is still a valid id; an unknown name is not', () => {
	assert.deepEqual(users.findUser('4242'), {name: '4242', uid: 4242, gid: undefined});
	assert.deepEqual(users.findGroup('4242'), {name: '4242', gid: 4242});
	assert.equal(users.findUser('nosuchuser'), undefined);
	assert.equal(users.findGroup('nosuchgroup'), undefined);
});

test("this machine's database knows root", () => {
	assert.equal(loadUserDatabase().findUser('root')?.uid, 0);
});
