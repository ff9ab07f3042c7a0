import assert from 'node:assert/strict';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {runCli} from '../helpers/run-cli.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/vassals/checks/bad-values.ini', import.meta.url));

test('`emperor check` is a command of the emperor binary: issues on stdout, exit 1 on errors', async () => {
	const result = await runCli(['check', '--no-host-checks', FIXTURE]);
	assert.equal(result.code, 1);
	assert.match(result.stdout, new RegExp(`^${FIXTURE}:7: processes: expected a whole number, found "four"$`, 'm'));
});
