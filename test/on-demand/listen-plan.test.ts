import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {VassalBinding} from '../../src/config/vassal-bindings.js';
import {isSameListenPlan, planListen, type ListenPlanInput} from '../../src/on-demand/listen-plan.js';
import {makeUserDatabase} from '../../src/system/user-database.js';

const users = makeUserDatabase([{name: 'www-data', uid: 33, gid: 33}, {name: 'nogroup-user', uid: 40, gid: undefined}], [{name: 'www-data', gid: 33}, {name: 'adm', gid: 4}]);
const input = (socket: string, overrides: Partial<ListenPlanInput> = {}): ListenPlanInput =>
	({socket, directory: '/srv/vassals', options: {}, bindings: [], users: () => users, ...overrides});
const plan = (socket: string, overrides: Partial<ListenPlanInput> = {}) => {
	const result = planListen(input(socket, overrides));
	assert.ok(result.ok, result.ok ? '' : result.message);
	return result.plan;
};
const refusal = (socket: string, overrides: Partial<ListenPlanInput> = {}) => {
	const result = planListen(input(socket, overrides));
	assert.ok(!result.ok, `${socket} was accepted`);
	return result;
};

test('a unix path binds with uWSGI\'s defaults: mode 0666, a listen queue of 100', () => {
	assert.deepEqual(plan('/run/app.sock'), {name: '/run/app.sock', address: {kind: 'unix', path: '/run/app.sock'}, mode: 0o666, owner: undefined, backlog: 100, isOnDemand: true});
});

test('a relative path starts at the vassals directory, as for uWSGI\'s emperor', () => {
	assert.deepEqual(plan('sockets/app.sock').address, {kind: 'unix', path: '/srv/vassals/sockets/app.sock'});
});

test('HOST:PORT is TCP; a bare :PORT listens on every interface, as in uWSGI; localhost is 127.0.0.1', () => {
	assert.deepEqual(plan('127.0.0.1:3031').address, {kind: 'tcp', host: '127.0.0.1', port: 3031});
	assert.deepEqual(plan(':3031').address, {kind: 'tcp', host: '', port: 3031});
	assert.deepEqual(plan('localhost:3031').address, {kind: 'tcp', host: '127.0.0.1', port: 3031});
	assert.deepEqual(plan('[::1]:3031').address, {kind: 'tcp', host: '::1', port: 3031});
});

test('the vassal\'s chmod-socket, chown-socket and listen apply to the emperor\'s socket', () => {
	const options = {'chmod-socket': 0o660, 'chown-socket': 'www-data:adm', listen: 512};
	assert.deepEqual(plan('/run/app.sock', {options}), {
		name: '/run/app.sock', address: {kind: 'unix', path: '/run/app.sock'}, mode: 0o660, owner: {uid: 33, gid: 4}, backlog: 512, isOnDemand: true,
	});
	assert.deepEqual(plan('/run/app.sock', {options: {'chown-socket': 'www-data'}}).owner, {uid: 33, gid: 33});
	assert.deepEqual(plan('/run/app.sock', {options: {'chown-socket': '1000:1000'}}).owner, {uid: 1000, gid: 1000});
});

test('a socket that cannot be bound is refused with the reason', () => {
	assert.match(refusal('@abstract').message, /expected a unix socket path or HOST:PORT/);
	assert.match(refusal('app.example.com:80').message, /expected an IP address, found the host name app\.example\.com/);
	assert.match(refusal('/run/app.sock', {options: {'chown-socket': 'nobody-here'}}).message, /no user nobody-here/);
	assert.match(refusal('/run/app.sock', {options: {'chown-socket': 'www-data:nogroup'}}).message, /no group nogroup/);
	assert.match(refusal('/run/app.sock', {options: {'chown-socket': 'nogroup-user'}}).message, /has no group/);
});

// https://github.com/unbit/uwsgi/issues/608
test('a vassal that binds its own on-demand socket is refused, with the line to remove', () => {
	const bindings: VassalBinding[] = [{address: {kind: 'unix', path: '/srv/vassals/app.sock'}, key: 'socket', line: 4}];
	const result = refusal('app.sock', {bindings});
	assert.equal(result.line, 4);
	assert.equal(result.message, 'socket = /srv/vassals/app.sock binds the vassal\'s own on-demand socket app.sock: the vassal inherits it on fd 0 and must not bind it, or it never comes back after die-on-idle; remove the line');
	const tcp: VassalBinding[] = [{address: {kind: 'tcp', host: '*', port: 3031}, key: 'http-socket', line: 2}];
	assert.equal(refusal('127.0.0.1:3031', {bindings: tcp}).line, 2);
	assert.ok(planListen(input('127.0.0.1:3032', {bindings: tcp})).ok, 'another port is fine');
});

test('two plans are the same socket when everything but the spelling of the name matches', () => {
	assert.ok(isSameListenPlan(plan('/srv/vassals/app.sock'), plan('app.sock')));
	assert.ok(!isSameListenPlan(plan('/run/app.sock'), plan('/run/app.sock', {options: {'chmod-socket': 0o600}})));
});
