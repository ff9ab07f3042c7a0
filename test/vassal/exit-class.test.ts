import assert from 'node:assert/strict';
import {test} from 'node:test';
import {classifyExit} from '../../src/vassal/exit-class.js';

test('0, 15, 17, 29 and 30 are clean exits (the SuccessExitStatus list of uWSGI units)', () => {
	for (const code of [0, 15, 17, 29, 30]) assert.equal(classifyExit(code, null), 'clean', `status ${code}`);
});

test('any other status is a failure, exile (26) and need-app (22) included', () => {
	for (const code of [1, 2, 5, 22, 26, 31, 70, 173, 255]) assert.equal(classifyExit(code, null), 'failure', `status ${code}`);
	assert.equal(classifyExit(null, null), 'failure', 'no status at all');
});

test('an end by a signal is classed signal, whatever the status', () => {
	assert.equal(classifyExit(null, 'SIGKILL'), 'signal');
	assert.equal(classifyExit(null, 'SIGTERM'), 'signal');
});
