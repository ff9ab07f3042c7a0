import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {ProgramSpec} from '../../src/config/program-spec.js';
import {applyProgramPolicy} from '../../src/vassal/program-policy.js';
import {TEST_POLICY} from '../helpers/vassal-policy.js';

const program: ProgramSpec = {argv: ['node'], env: [], stopSignal: 'SIGTERM', exileStatuses: [3], ready: {kind: 'started'}, stopTimeoutMs: 5000, watchdogSeconds: 2};

test('a uWSGI vassal keeps the emperor policy; a program gets its stop timeout, watchdog, exile statuses and no byte-1 reload', () => {
	assert.equal(applyProgramPolicy(TEST_POLICY, undefined), TEST_POLICY);
	assert.deepEqual(applyProgramPolicy(TEST_POLICY, program), {...TEST_POLICY, hasInPlaceReload: false, exileStatuses: [3], isAcceptingAssumed: true, curseToleranceMs: 5000, requiredHeartbeatMs: 2000});
	const defaults = applyProgramPolicy(TEST_POLICY, {...program, stopTimeoutMs: undefined, watchdogSeconds: undefined});
	assert.equal(defaults.curseToleranceMs, TEST_POLICY.curseToleranceMs);
	assert.equal(defaults.requiredHeartbeatMs, TEST_POLICY.requiredHeartbeatMs);
});

test('a program is taken at its word only when it says it is ready: notify, log and probe report, started assumes', () => {
	assert.equal(applyProgramPolicy(TEST_POLICY, program).isAcceptingAssumed, true);
	assert.equal(applyProgramPolicy(TEST_POLICY, {...program, ready: {kind: 'notify'}}).isAcceptingAssumed, false);
});
