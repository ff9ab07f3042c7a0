import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseOptions} from '../../src/options/parse-options.js';
import {makeVassalPolicy} from '../../src/emperor/vassal-policy.js';

const policyOf = (...argv: string[]) => {
	const parsed = parseOptions(['--emperor', '/tmp/vassals', ...argv]);
	assert.ok(parsed.ok, parsed.ok ? '' : parsed.errors.join('; '));
	return makeVassalPolicy(parsed.options);
};

test('seconds on the command line become milliseconds in the policy', () => {
	const policy = policyOf('--emperor-stable-uptime', '7', '--emperor-curse-tolerance', '9', '--emperor-reload-timeout', '11');
	assert.equal(policy.stableUptimeMs, 7000);
	assert.equal(policy.curseToleranceMs, 9000);
	assert.equal(policy.reloadTimeoutMs, 11_000);
});

test('a maximum throttle below the throttle is raised to it', () => {
	const policy = policyOf('--emperor-throttle', '5000', '--emperor-max-throttle', '1');
	assert.equal(policy.throttleMs, 5000);
	assert.equal(policy.maxThrottleMs, 5000);
});
