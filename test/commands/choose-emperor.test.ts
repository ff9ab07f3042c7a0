import assert from 'node:assert/strict';
import {test} from 'node:test';
import {chooseEmperor} from '../../src/commands/choose-emperor.js';
import type {FoundEmperor} from '../../src/control/find-emperors.js';

const places = [{kind: 'socket', path: '/run/uwsgi/emperor.control'}, {kind: 'directory', path: '/run/user/1000/emperor'}] as const;
const found = (directory: string, pid: number, path: string): FoundEmperor => ({path, directory, realDirectory: directory, pid, document: {pid}});
const a = found('/srv/a/vassals', 100, '/run/user/1000/emperor/vassals-aaaaaaaaaaaa.control');
const b = found('/srv/bb/vassals', 2000, '/run/user/1000/emperor/vassals-bbbbbbbbbbbb.control');

test('the one emperor that answers is chosen', () => {
	assert.deepEqual(chooseEmperor({found: [a], unreachable: [], places}), {ok: true, emperor: a});
});

test('several emperors are listed with their directories, and the message says how to pick one', () => {
	const choice = chooseEmperor({found: [a, b], unreachable: [], places});
	assert.equal(choice.ok, false);
	assert.equal(!choice.ok && choice.message, [
		'2 emperors are running; pick one with --vassals DIR or --control PATH:',
		'  /srv/a/vassals   pid 100      --control /run/user/1000/emperor/vassals-aaaaaaaaaaaa.control',
		'  /srv/bb/vassals  pid 2000     --control /run/user/1000/emperor/vassals-bbbbbbbbbbbb.control',
	].join('\n'));
});

test('--vassals DIR picks the emperor governing DIR, or says which ones run', () => {
	assert.deepEqual(chooseEmperor({found: [a, b], unreachable: [], places}, '/srv/bb/vassals'), {ok: true, emperor: b});
	const linked = {...b, directory: '/srv/link-to-bb'};
	assert.deepEqual(chooseEmperor({found: [a, linked], unreachable: [], places}, '/srv/bb/vassals'), {ok: true, emperor: linked}, 'matched by the real path');
	const missing = chooseEmperor({found: [a], unreachable: [], places}, '/srv/c');
	assert.match(!missing.ok ? missing.message : '', /^no emperor governing \/srv\/c answers; running:\n {2}\/srv\/a\/vassals +pid 100 /);
});

test('with none found the message says where it looked and what to do', () => {
	const none = chooseEmperor({found: [], unreachable: [], places});
	assert.equal(!none.ok && none.message, 'no emperor is running for this user (looked in /run/uwsgi/emperor.control, /run/user/1000/emperor/); if it was started with --control PATH, pass the same --control PATH');
});

test('sockets that refuse this user are reported after saying none answered, several in one line', () => {
	const denied = (path: string) => ({path, error: `permission denied on ${path}: … run this as that user or as root`, code: 'EACCES'});
	const one = chooseEmperor({found: [], unreachable: [denied('/run/emperor/x.control')], places});
	assert.match(!one.ok ? one.message : '', /^no emperor is running for this user .*\npermission denied on \/run\/emperor\/x\.control: … run this as that user or as root$/);
	const paths = ['a', 'b', 'c', 'd'].map(name => `/run/emperor/${name}.control`);
	const hung = {path: '/run/user/1000/emperor/h.control', error: 'the emperor on /run/user/1000/emperor/h.control did not answer within 3000 ms', code: 'ETIMEDOUT'};
	const several = chooseEmperor({found: [], unreachable: [...paths.map(denied), hung], places});
	assert.equal(!several.ok && several.message.split('\n').slice(1).join('\n'), [
		'4 control sockets refuse this user (/run/emperor/a.control, /run/emperor/b.control, /run/emperor/c.control, …): another user\'s emperors, live or dead; run this as that user or as root',
		hung.error,
	].join('\n'));
	assert.deepEqual(chooseEmperor({found: [a], unreachable: [denied('/x')], places}), {ok: true, emperor: a});
});
