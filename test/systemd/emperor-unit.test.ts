import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {controlPlaces, defaultControlPath, SYSTEMD_CONTROL_PATH} from '../../src/control/control-path.js';
import {AFTER_KILL_GRACE_MS} from '../../src/emperor/shutdown.js';
import {validateOptions} from '../../src/options/parse-options.js';
import {EMPEROR_SIGNALS} from '../../src/system/signals.js';
import {CLEAN_EXIT_CODES} from '../../src/vassal/exit-class.js';
import {CLI_PATH} from '../helpers/emperor-process.js';
import {makeTempDir} from '../helpers/temp-dir.js';

const UNITS_DIR = fileURLToPath(new URL('../../systemd', import.meta.url));
const UNIT_PATH = join(UNITS_DIR, 'emperor.uwsgi.service');
const unitText = readFileSync(UNIT_PATH, 'utf8');

// the [Service] settings of the unit, as key → value
const service = Object.fromEntries(
	unitText.slice(unitText.indexOf('[Service]'), unitText.indexOf('[Install]')).split('\n')
		.filter(line => /^[A-Za-z]+=/.test(line))
		.map(line => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
);

const hasSystemdAnalyze = spawnSync('systemd-analyze', ['--version'], {stdio: 'ignore'}).status === 0;

test('systemd-analyze verify passes on emperor.uwsgi.service without a warning', {skip: hasSystemdAnalyze ? false : 'systemd-analyze is not installed (Debian package systemd)'}, () => {
	// verify wants ExecStart's binary to exist: point it at this checkout's build, change nothing else
	const unit = join(makeTempDir(), 'emperor.uwsgi.service');
	writeFileSync(unit, unitText.replace('/usr/local/bin/emperor', `${process.execPath} ${CLI_PATH}`));
	const result = spawnSync('systemd-analyze', ['verify', unit], {encoding: 'utf8'});
	assert.deepEqual({status: result.status, output: `${result.stdout}${result.stderr}`}, {status: 0, output: ''});
});

test('systemd-analyze verify passes on the socket units, an instance of the template included, with the service they activate', {skip: hasSystemdAnalyze ? false : 'systemd-analyze is not installed (Debian package systemd)'}, () => {
	const directory = makeTempDir();
	writeFileSync(join(directory, 'emperor.uwsgi.service'), unitText.replace('/usr/local/bin/emperor', `${process.execPath} ${CLI_PATH}`));
	for (const name of ['emperor.uwsgi.socket', 'emperor-vassal@.socket']) writeFileSync(join(directory, name), readFileSync(join(UNITS_DIR, name), 'utf8'));
	// the instance is loaded from the template, through the unit path, as systemctl would load it
	const result = spawnSync('systemd-analyze', ['verify', 'emperor.uwsgi.socket', 'emperor-vassal@app.socket', 'emperor.uwsgi.service'],
		{encoding: 'utf8', cwd: directory, env: {...process.env, SYSTEMD_UNIT_PATH: `${directory}:`}});
	assert.deepEqual({status: result.status, output: `${result.stdout}${result.stderr}`}, {status: 0, output: ''});
});

test('each vassal socket is passed under the instance name to emperor.uwsgi.service; the control socket is where the emperor looks', () => {
	const vassalSocket = readFileSync(join(UNITS_DIR, 'emperor-vassal@.socket'), 'utf8');
	assert.match(vassalSocket, /^ListenStream=\/run\/uwsgi\/%i\.socket$/m);
	assert.match(vassalSocket, /^FileDescriptorName=%i$/m);
	assert.match(vassalSocket, /^Service=emperor\.uwsgi\.service$/m);
	const controlSocket = readFileSync(join(UNITS_DIR, 'emperor.uwsgi.socket'), 'utf8');
	assert.equal(/^ListenStream=(.*)$/m.exec(controlSocket)?.[1], SYSTEMD_CONTROL_PATH);
	assert.ok(controlPlaces({}, 0).some(place => place.kind === 'socket' && place.path === SYSTEMD_CONTROL_PATH), 'emperor status does not look there');
	assert.equal(/^ListenStream=(.*)$/m.exec(controlSocket)?.[1], defaultControlPath({RUNTIME_DIRECTORY: `/run/${service.RuntimeDirectory}`}, 0, '/etc/uwsgi/vassals'));
	// /run/uwsgi must outlive a stop of the service, or the socket files systemd bound there are gone
	assert.equal(service.RuntimeDirectoryPreserve, 'yes');
	assert.doesNotMatch(unitText, /^(Sockets|Requires)=/m, 'the service must still start without any socket unit');
});

test('the unit runs the emperor on /etc/uwsgi/emperor.ini as a notify service that only the emperor talks for', () => {
	assert.equal(service.ExecStart, '/usr/local/bin/emperor --ini /etc/uwsgi/emperor.ini');
	assert.deepEqual({type: service.Type, access: service.NotifyAccess, runtime: service.RuntimeDirectory}, {type: 'notify', access: 'main', runtime: 'uwsgi'});
});

test('the stop signal stops the emperor, reaches only the emperor, and the stop timeout outlasts --reload-mercy', () => {
	assert.equal(EMPEROR_SIGNALS[service.KillSignal as keyof typeof EMPEROR_SIGNALS], 'onStop');
	assert.equal(service.KillMode, 'mixed', 'a uWSGI 2.0 vassal that gets SIGTERM from systemd reloads instead of stopping');
	const defaults = validateOptions({vassalsDir: ['v']});
	assert.ok(defaults.ok);
	const needed = defaults.options.reloadMercySeconds + AFTER_KILL_GRACE_MS / 1000;
	assert.ok(Number(service.TimeoutStopSec) > needed, `TimeoutStopSec=${service.TimeoutStopSec} must exceed --reload-mercy + the SIGKILL grace (${needed} s)`);
});

test('the emperor\'s cgroup is delegated to it, for a cgroup of its own for each vassal', () => {
	assert.equal(service.Delegate, 'yes');
});

test('reload is SIGHUP, and the success statuses are the clean vassal statuses uWSGI units list', () => {
	assert.equal(service.ExecReload, '/bin/kill -HUP $MAINPID');
	assert.equal(EMPEROR_SIGNALS.SIGHUP, 'onReloadAll');
	assert.deepEqual(service.SuccessExitStatus?.split(' ').map(Number), CLEAN_EXIT_CODES.filter(code => code !== 0));
});
