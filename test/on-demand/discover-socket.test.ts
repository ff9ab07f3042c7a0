import assert from 'node:assert/strict';
import {chmodSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {discoverOnDemandSocket, firstPrintableRun, socketInDirectory} from '../../src/on-demand/discover-socket.js';
import {makeTempDir} from '../helpers/temp-dir.js';

const directory = makeTempDir('emperor-discover-');
const noSections = {};

test('the text is cut at the first control character, as uWSGI cuts it', () => {
	assert.equal(firstPrintableRun('/run/app.sock\n'), '/run/app.sock');
	assert.equal(firstPrintableRun('127.0.0.1:3031\r\nignored'), '127.0.0.1:3031');
	assert.equal(firstPrintableRun('\n/run/app.sock'), undefined);
	assert.equal(firstPrintableRun(''), undefined);
});

test('--emperor-on-demand-extension reads NAME+EXT next to the vassal file', async () => {
	writeFileSync(join(directory, 'app.ini.socket'), '/run/app.sock\nsecond line\n');
	assert.deepEqual(await discoverOnDemandSocket({extension: '.socket'}, directory, 'app.ini', noSections), {socket: '/run/app.sock'});
	assert.deepEqual(await discoverOnDemandSocket({extension: '.socket'}, directory, 'other.ini', noSections), {}, 'no file: no socket');
	writeFileSync(join(directory, 'empty.ini.socket'), '\n');
	assert.deepEqual(await discoverOnDemandSocket({extension: '.socket'}, directory, 'empty.ini', noSections), {socket: undefined}, 'an empty first line: no socket');
});

test('--emperor-on-demand-directory names DIR/<name without its last extension>.socket', async () => {
	assert.equal(socketInDirectory('/run/vassals', 'app.ini'), '/run/vassals/app.socket');
	assert.equal(socketInDirectory('/run/vassals', 'my.app.ini'), '/run/vassals/my.app.socket');
	// glob vassals, named by their path: one socket each, named by the vassal's safe identifier
	assert.match(socketInDirectory('/run/vassals', '/srv/a/uwsgi.ini')!, /^\/run\/vassals\/srv_a_uwsgi-[0-9a-f]{8}\.socket$/);
	assert.notEqual(socketInDirectory('/run/vassals', '/srv/a/uwsgi.ini'), socketInDirectory('/run/vassals', '/srv/b/uwsgi.ini'));
	assert.equal(socketInDirectory('/run/vassals', 'noextension'), undefined);
	assert.deepEqual(await discoverOnDemandSocket({directory: '/run/vassals'}, directory, 'app.ini', noSections), {socket: '/run/vassals/app.socket'});
});

test('--emperor-on-demand-exec runs CMD without a shell, the vassal name last, in the vassals directory', async () => {
	const script = join(directory, 'socket-of.sh');
	writeFileSync(script, '#!/bin/sh\nprintf "%s|%s|%s|%s\\n" "$1" "$2" "$3" "$(pwd)"\n');
	chmodSync(script, 0o755);
	const found = await discoverOnDemandSocket({exec: `${script} $HOME --flag`}, directory, 'app.ini', noSections);
	assert.deepEqual(found, {socket: `$HOME|--flag|app.ini|${directory}`});
});

test('a command that fails is a problem to report, not a socket', async () => {
	const found = await discoverOnDemandSocket({exec: 'false'}, directory, 'app.ini', noSections);
	assert.equal(found.socket, undefined);
	assert.match(found.problem ?? '', /^false app\.ini: Command failed with exit code 1/);
	const missing = await discoverOnDemandSocket({exec: join(directory, 'missing-command')}, directory, 'app.ini', noSections);
	assert.match(missing.problem ?? '', /ENOENT/);
});

test('socket = … in the vassal\'s own [emperor] section wins over the emperor\'s option', async () => {
	const sections = {emperor: {socket: ['/run/first.sock', '/run/own.sock']}};
	assert.deepEqual(await discoverOnDemandSocket({directory: '/run/vassals'}, directory, 'app.ini', sections), {socket: '/run/own.sock'});
	assert.deepEqual(await discoverOnDemandSocket({}, directory, 'app.ini', {emperor: {socket: '127.0.0.1:3031'}}), {socket: '127.0.0.1:3031'});
	assert.deepEqual(await discoverOnDemandSocket({}, directory, 'app.ini', {uwsgi: {socket: '/run/app.sock'}}), {}, 'a [uwsgi] socket is the vassal\'s own, not on-demand');
});
