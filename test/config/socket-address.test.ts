import assert from 'node:assert/strict';
import {resolve} from 'node:path';
import {test} from 'node:test';
import {formatSocketAddress, isSameSocket, parseSocketAddress} from '../../src/config/socket-address.js';

const parse = (value: string) => parseSocketAddress(value, path => resolve('/srv/app', path));

test('a value with a colon is TCP; an empty or wildcard host is every address', () => {
	assert.deepEqual(parse(':8700'), {kind: 'tcp', host: '*', port: 8700});
	assert.deepEqual(parse('0.0.0.0:8080'), {kind: 'tcp', host: '*', port: 8080});
	assert.deepEqual(parse('[::]:80'), {kind: 'tcp', host: '*', port: 80});
	assert.deepEqual(parse('localhost:3031'), {kind: 'tcp', host: '127.0.0.1', port: 3031});
	assert.deepEqual(parse('[::1]:3031'), {kind: 'tcp', host: '::1', port: 3031});
});

test('anything else is a unix socket, resolved from the vassal\'s working directory; @ is abstract', () => {
	assert.deepEqual(parse('myapp.sock'), {kind: 'unix', path: '/srv/app/myapp.sock'});
	assert.deepEqual(parse('/run/uwsgi/app.sock'), {kind: 'unix', path: '/run/uwsgi/app.sock'});
	assert.deepEqual(parse('@app'), {kind: 'abstract', name: 'app'});
});

test('https = ADDR,CERT,KEY binds ADDR', () => {
	assert.deepEqual(parse(':443,foo.crt,foo.key'), {kind: 'tcp', host: '*', port: 443});
});

test('what cannot clash has no address: shared sockets, schemes, port 0', () => {
	for (const value of ['=0', 'fd://3', '127.0.0.1:0', '', 'host:http']) assert.equal(parse(value), undefined, value);
});

test('two sockets clash on the same path, or the same port on overlapping hosts', () => {
	const same = (left: string, right: string) => isSameSocket(parse(left)!, parse(right)!);
	assert.equal(same(':3031', '127.0.0.1:3031'), true);
	assert.equal(same('127.0.0.1:3031', '127.0.0.1:3031'), true);
	assert.equal(same('127.0.0.1:3031', '10.0.0.1:3031'), false);
	assert.equal(same(':3031', ':3032'), false);
	assert.equal(same('app.sock', '/srv/app/app.sock'), true);
	assert.equal(same('@app', '@app'), true);
	assert.equal(same('@app', 'app'), false);
});

test('addresses are shown as written by operators', () => {
	assert.deepEqual([':3031', '[::1]:80', 'a.sock', '@x'].map(value => formatSocketAddress(parse(value)!)), ['*:3031', '[::1]:80', '/srv/app/a.sock', '@x']);
});
