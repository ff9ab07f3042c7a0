import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {IniEntry} from '../../src/config/parse-uwsgi-ini.js';
import {makePassedSockets} from '../../src/on-demand/passed-sockets.js';
import {prepareOnDemand, type OnDemandVassal} from '../../src/on-demand/prepare-on-demand.js';
import {makeUserDatabase} from '../../src/system/user-database.js';

const users = makeUserDatabase([], []);
const passed = makePassedSockets([
	{fd: 3, name: 'app', address: {kind: 'unix', path: '/run/uwsgi/app.socket'}, text: '/run/uwsgi/app.socket'},
	{fd: 4, name: 'emperor.uwsgi.socket', address: {kind: 'tcp', host: '127.0.0.1', port: 8080}, text: '127.0.0.1:8080'},
]);

// a vassal file as apply-file hands it over: its [emperor] lines as entries and sections
const vassal = (name: string, emperor: Record<string, string> = {}, overrides: Partial<OnDemandVassal> = {}): OnDemandVassal => {
	const entries: IniEntry[] = Object.entries(emperor).map(([key, value], index) => ({section: 'emperor', key, value, line: index + 2}));
	return {name, directory: '/srv/vassals', sections: {emperor}, entries, options: {}, bindings: [], users: () => users, ...overrides};
};

test('a vassal named after a passed socket adopts it and runs at once', async () => {
	const setup = await prepareOnDemand({}, vassal('app.ini'), passed);
	assert.ok(setup.ok);
	assert.equal(setup.plan?.passedFd, 3);
	assert.deepEqual(setup.plan?.address, {kind: 'unix', path: '/run/uwsgi/app.socket'});
	assert.equal(setup.plan?.isOnDemand, false);
	assert.equal(setup.plan?.name, '/run/uwsgi/app.socket', 'stats show the address as on_demand');
	assert.deepEqual(setup.warnings, []);
});

test('on-demand = true keeps a vassal with a passed socket asleep until a connection', async () => {
	const setup = await prepareOnDemand({}, vassal('app.ini', {'on-demand': 'true'}), passed);
	assert.ok(setup.ok);
	assert.equal(setup.plan?.isOnDemand, true);
	assert.equal(setup.plan?.passedFd, 3);
});

test('[emperor] socket = the address of a passed socket adopts it, whatever its name; no warning', async () => {
	const setup = await prepareOnDemand({}, vassal('web.ini', {socket: '127.0.0.1:8080'}), passed);
	assert.ok(setup.ok);
	assert.equal(setup.plan?.passedFd, 4);
	assert.deepEqual(setup.warnings, []);
	const same = await prepareOnDemand({}, vassal('app.ini', {socket: '/run/uwsgi/app.socket'}), passed);
	assert.ok(same.ok);
	assert.deepEqual(same.warnings, [], 'the same address written in the file: nothing to warn about');
});

test('a different [emperor] socket loses to the passed one, with a warning naming its line', async () => {
	const setup = await prepareOnDemand({}, vassal('app.ini', {'on-demand': 'false', socket: '/run/app.sock'}), passed);
	assert.ok(setup.ok);
	assert.equal(setup.plan?.passedFd, 3);
	assert.equal(setup.warnings?.length, 1);
	const [warning] = setup.warnings!;
	assert.equal(warning!.line, 3);
	assert.equal(warning!.code, 'VASSAL_SOCKET_FROM_SYSTEMD');
	assert.equal(warning!.severity, 'warning');
	assert.match(warning!.message, /^\[emperor\] socket = \/run\/app\.sock is not used: systemd passed the socket app on \/run\/uwsgi\/app\.socket/);
	const fromOptions = await prepareOnDemand({directory: '/run/vassals'}, vassal('app.ini'), passed);
	assert.ok(fromOptions.ok);
	assert.match(fromOptions.warnings?.[0]?.message ?? '', /on-demand socket \/run\/vassals\/app\.socket \(from the emperor's options\) is not used/);
});

test('a vassal that binds the passed address itself is refused, with the line to remove', async () => {
	const bindings = [{key: 'http-socket', line: 9, address: {kind: 'unix', path: '/run/uwsgi/app.socket'}} as const];
	const setup = await prepareOnDemand({}, vassal('app.ini', {}, {bindings}), passed);
	assert.equal(setup.ok, false);
	if (setup.ok) return;
	assert.equal(setup.issue.line, 9);
	assert.match(setup.issue.message, /binds the vassal's own on-demand socket/);
});

test('without a passed socket of its name or address a vassal binds its own, as before', async () => {
	const setup = await prepareOnDemand({}, vassal('other.ini', {socket: '/run/other.sock'}), passed);
	assert.ok(setup.ok);
	assert.equal(setup.plan?.passedFd, undefined);
	assert.equal(setup.plan?.isOnDemand, true);
	assert.deepEqual(await prepareOnDemand({}, vassal('none.ini'), passed), {ok: true});
});
