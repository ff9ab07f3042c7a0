import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {join} from 'node:path';
import {test} from 'node:test';
import {startNotifyReceiver} from '../helpers/notify-receiver.js';
import {makeTempDir} from '../helpers/temp-dir.js';
import {chooseNotifyTransport, openSdNotify, type NotifyTransport} from '../../src/system/sd-notify.js';

const hasSystemdNotify = (() => {
	try {
		execFileSync('systemd-notify', ['--version'], {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	}
})();

test('the transport: none without NOTIFY_SOCKET, unix-dgram for a path, systemd-notify for an abstract socket or without the library', () => {
	const cases: Array<[string | undefined, boolean, NotifyTransport]> = [
		[undefined, true, 'none'],
		['', true, 'none'],
		['/run/systemd/notify', true, 'datagram'],
		['/run/systemd/notify', false, 'systemd-notify'],
		['@/org/freedesktop/systemd1/notify', true, 'systemd-notify'],
	];
	for (const [socket, isLoaded, expected] of cases) assert.equal(chooseNotifyTransport(socket, isLoaded), expected, `${socket} ${isLoaded}`);
});

test('without NOTIFY_SOCKET sending does nothing and the library is not even loaded', async () => {
	let loads = 0;
	const notify = openSdNotify({env: {}, pid: process.pid, onError: () => assert.fail('no error expected'), loadLibrary: () => {
		loads++;
		return undefined;
	}});
	notify.send('READY=1');
	await notify.close();
	assert.deepEqual({transport: notify.transport, loads}, {transport: 'none', loads: 0});
});

test('unix-dgram sends each message as one datagram, in order, from this process', async t => {
	const receiver = await startNotifyReceiver(t);
	const notify = openSdNotify({env: {NOTIFY_SOCKET: receiver.path}, pid: process.pid, onError: error => assert.fail(error)});
	assert.equal(notify.transport, 'datagram');
	notify.send('STATUS=The Emperor is governing 0 vassals');
	notify.send('RELOADING=1\nMONOTONIC_USEC=1');
	notify.send('READY=1');
	await receiver.waitFor(datagram => datagram.message === 'READY=1');
	await notify.close();
	assert.deepEqual(receiver.datagrams.map(datagram => datagram.message), ['STATUS=The Emperor is governing 0 vassals', 'RELOADING=1\nMONOTONIC_USEC=1', 'READY=1']);
	assert.deepEqual(new Set(receiver.datagrams.map(datagram => datagram.pid)), new Set([process.pid]));
});

test('a NOTIFY_SOCKET nobody listens on is reported, not thrown', async () => {
	const errors: string[] = [];
	const notify = openSdNotify({env: {NOTIFY_SOCKET: join(makeTempDir(), 'nobody.sock')}, pid: process.pid, onError: error => errors.push((error as NodeJS.ErrnoException).code ?? error.message)});
	notify.send('READY=1');
	await notify.close();
	assert.deepEqual(errors, ['ENOENT']);
});

test('systemd-notify takes over when unix-dgram cannot load, keeping the order', {skip: hasSystemdNotify ? false : 'systemd-notify is not installed (Debian package systemd)'}, async t => {
	const receiver = await startNotifyReceiver(t);
	const notify = openSdNotify({env: {NOTIFY_SOCKET: receiver.path}, pid: process.pid, onError: error => assert.fail(error), loadLibrary: () => undefined});
	assert.equal(notify.transport, 'systemd-notify');
	notify.send('STATUS=The Emperor is governing 1 vassals');
	notify.send('READY=1');
	await notify.close();
	await receiver.waitFor(datagram => datagram.message.includes('READY=1'));
	// systemd-notify adds MAINPID=; with --no-block it sends no BARRIER=1
	const messages = receiver.datagrams.map(datagram => datagram.message.split('\n').filter(line => !line.startsWith('MAINPID=')).join('\n'));
	assert.deepEqual(messages, ['STATUS=The Emperor is governing 1 vassals', 'READY=1']);
	// as root, systemd-notify --pid sends with the emperor's credentials, so NotifyAccess=main accepts it
	if (process.getuid?.() === 0) assert.deepEqual(new Set(receiver.datagrams.map(datagram => datagram.pid)), new Set([process.pid]));
});
