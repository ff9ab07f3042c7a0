import assert from 'node:assert/strict';
import {test} from 'node:test';
import {findDescriptorShortage, launchVassal} from '../../src/vassal/launch-vassal.js';

const spec = (binary: string) => ({binary, name: 'a.ini', cwd: '/tmp', vassalSet: [], env: {PATH: '/usr/bin:/bin'}});

test('there are descriptors to spare in a normal process', () => {
	assert.equal(findDescriptorShortage(), undefined);
});

test('a missing binary is reported as a failure, not thrown', async () => {
	const reason = await new Promise<string>(resolve => {
		launchVassal(spec('/nonexistent/uwsgi'), {onFailed: resolve, onSpawned: () => assert.fail('spawned'), onExit: () => assert.fail('exited')});
	});
	assert.equal(reason, '/nonexistent/uwsgi not found; check --binary-path');
});

test('a spawned process reports its pid, a duplex channel, and its exit', async () => {
	const exit = await new Promise<{code: number | null}>(resolve => {
		launchVassal(spec('/bin/true'), {
			onFailed: reason => assert.fail(reason),
			onSpawned(pid, channel) {
				assert.ok(pid > 0);
				assert.ok(channel.readable && channel.writable);
				channel.on('error', () => {});
			},
			onExit: code => resolve({code}),
		});
	});
	assert.deepEqual(exit, {code: 0});
});
