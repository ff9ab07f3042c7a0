import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {bootContainer, findContainerObstacle, type Container} from '../helpers/systemd-container/boot-container.js';
import {CHECKOUT, installEmperor, writeInside} from '../helpers/systemd-container/install-emperor.js';
import {makeApiVassalIni} from '../helpers/uwsgi-vassal.js';

// a real systemd 252 as PID 1, the shipped unit, a real uWSGI vassal that prints a known line
const obstacle = findContainerObstacle();
const skip = obstacle === undefined ? false : `no real systemd here: ${obstacle}`;
const UNIT = 'emperor.uwsgi.service';
const MARKER = 'printed-into-the-journal';
let container: Container;

before(async () => {
	if (skip) return;
	container = await bootContainer({name: 'emperor-journal', bindReadOnly: [CHECKOUT]});
	await installEmperor(container);
	writeInside(container, '/etc/uwsgi/vassals/app.ini', `${makeApiVassalIni({httpSocket: '127.0.0.1:8003'})}print = ${MARKER}\n`);
	const started = await container.run(['systemctl', 'start', UNIT], 120_000);
	assert.equal(started.exitCode, 0, started.stderr);
	await container.run(['journalctl', '--sync']);
});
after(async () => container?.stop());

// runs a command inside and fails the test with its output when it exits non-zero
const mustRun = async (command: string[]): Promise<string> => {
	const result = await container.run(command);
	assert.equal(result.exitCode, 0, `${command.join(' ')}: ${result.stdout}${result.stderr}`);
	return result.stdout;
};

type Entry = {MESSAGE?: string; PRIORITY?: string; SYSLOG_IDENTIFIER?: string; _SYSTEMD_UNIT?: string};

test('under systemd a vassal writes into the journal as a stream of its own: journalctl -t app.ini', {skip}, async () => {
	const entries = (await mustRun(['journalctl', '-t', 'app.ini', '-o', 'json', '--no-pager'])).split('\n').filter(Boolean).map(line => JSON.parse(line) as Entry);
	const printed = entries.find(entry => entry.MESSAGE === MARKER);
	assert.ok(printed !== undefined, `no ${MARKER} among ${entries.length} entries of app.ini`);
	// stdout is info, stderr (all of uWSGI's chatter) a warning; both belong to the emperor's unit
	assert.deepEqual({priority: printed.PRIORITY, unit: printed._SYSTEMD_UNIT}, {priority: '6', unit: UNIT});
	const banner = entries.find(entry => /Starting uWSGI/.test(entry.MESSAGE ?? ''));
	assert.equal(banner?.PRIORITY, '4');
});

test("the vassal's lines do not pass through the emperor: its own log has no vassal-output record", {skip}, async () => {
	const emperorLines = await mustRun(['journalctl', '-u', UNIT, '-o', 'json', '--no-pager']);
	const own = emperorLines.split('\n').filter(Boolean).map(line => JSON.parse(line) as Entry).filter(entry => entry.SYSLOG_IDENTIFIER !== 'app.ini' && entry.SYSLOG_IDENTIFIER !== 'api.ini' && entry.SYSLOG_IDENTIFIER !== 'slow.ini');
	assert.ok(own.some(entry => /"event":"emperor-started"/.test(entry.MESSAGE ?? '')), 'the emperor\'s own lines are missing');
	assert.deepEqual(own.filter(entry => /vassal-output|Starting uWSGI/.test(entry.MESSAGE ?? '')).map(entry => entry.MESSAGE), []);
});

test('emperor logs NAME reads the journal under systemd', {skip}, async () => {
	const shown = await mustRun(['/usr/local/bin/emperor', 'logs', 'app.ini', '-n', '200']);
	assert.match(shown, new RegExp(`app\\.ini\\[\\d+\\]: ${MARKER}$`, 'm'));
});
