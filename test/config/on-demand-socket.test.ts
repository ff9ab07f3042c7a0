import assert from 'node:assert/strict';
import {test} from 'node:test';
import {checkOnDemandSocket} from '../../src/config/on-demand-socket.js';
import {parseUwsgiIni} from '../../src/config/parse-uwsgi-ini.js';
import type {VassalBinding} from '../../src/config/vassal-bindings.js';

const binding = (address: VassalBinding['address']): VassalBinding => ({address, key: 'socket', line: 3});
const check = (text: string, bindings: VassalBinding[]) =>
	checkOnDemandSocket(parseUwsgiIni(text, 'app.ini').entries, bindings, '/srv/vassals', 'app.ini').map(issue => [issue.code, issue.line]);

test('binding the socket of the [emperor] section is refused (uWSGI #608)', () => {
	assert.deepEqual(check('[uwsgi]\nmaster = 1\n[emperor]\nsocket = app.sock\n', [binding({kind: 'unix', path: '/srv/vassals/app.sock'})]), [['VASSAL_BINDS_ON_DEMAND_SOCKET', 3]]);
	assert.deepEqual(check('[uwsgi]\nmaster = 1\n[emperor]\nsocket = 127.0.0.1:8000\n', [binding({kind: 'tcp', host: '*', port: 8000})]), [['VASSAL_BINDS_ON_DEMAND_SOCKET', 3]]);
});

test('another socket, or no [emperor] socket, is fine', () => {
	assert.deepEqual(check('[uwsgi]\nmaster = 1\n[emperor]\nsocket = other.sock\n', [binding({kind: 'unix', path: '/srv/vassals/app.sock'})]), []);
	assert.deepEqual(check('[uwsgi]\nsocket = app.sock\n', [binding({kind: 'unix', path: '/srv/vassals/app.sock'})]), []);
});
