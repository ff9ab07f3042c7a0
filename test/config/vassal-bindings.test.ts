import assert from 'node:assert/strict';
import {test} from 'node:test';
import {expandPlaceholders} from '../../src/config/expand-placeholders.js';
import {findLogicBlocks} from '../../src/config/logic-blocks.js';
import {parseUwsgiIni} from '../../src/config/parse-uwsgi-ini.js';
import {collectBindings, describeConflict, findBindingConflicts} from '../../src/config/vassal-bindings.js';

const bindingsOf = (text: string) => {
	const {entries} = expandPlaceholders(parseUwsgiIni(`[uwsgi]\n${text}`, 'app.ini').entries, {magic: new Map([['(', '%(']]), env: {}});
	return collectBindings(entries, path => `/srv/${path}`, findLogicBlocks(entries).conditional);
};

test('every binding option counts: socket, uwsgi-socket, http, http-socket, https, https-socket, fastcgi-socket, stats', () => {
	const text = 'socket = a.sock\nuwsgi-socket = :1\nhttp = :2\nhttp-socket = :3\nhttps = :4,c,k\nhttps-socket = :5,c,k\nfastcgi-socket = :6\nstats = :7\nworkers = 2';
	assert.deepEqual(bindingsOf(text).map(binding => [binding.key, binding.line]), [
		['socket', 2], ['uwsgi-socket', 3], ['http', 4], ['http-socket', 5], ['https', 6], ['https-socket', 7], ['fastcgi-socket', 8], ['stats', 9],
	]);
});

test('sockets inside an if block or with placeholders left are not counted', () => {
	assert.deepEqual(bindingsOf('if-env = PROD\nsocket = :80\nendif =\nsocket = %(nope)'), []);
});

test('a socket another vassal holds is a conflict naming that vassal and its line', () => {
	const first = bindingsOf('\n\nhttp-socket = :8700');
	const conflicts = findBindingConflicts(bindingsOf('socket = 127.0.0.1:8700\nsocket = :9000'), [{vassal: 'api.ini', bindings: first}]);
	assert.deepEqual(conflicts.map(describeConflict), ['127.0.0.1:8700 is already bound by api.ini (line 4, http-socket): the second vassal is refused']);
});
