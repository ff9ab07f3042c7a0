import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseControlRequest} from '../../src/control/control-protocol.js';
import {describeConnectError} from '../../src/control/control-client.js';

test('a vassal command and a status request parse', () => {
	assert.deepEqual(parseControlRequest('{"command":"reload","vassal":"app.ini"}'), {ok: true, request: {command: 'reload', vassal: 'app.ini'}});
	assert.deepEqual(parseControlRequest('{"command":"status"}'), {ok: true, request: {command: 'status'}});
});

test('bad requests are answered with what was expected, never thrown', () => {
	for (const line of ['not json', '{"command":"explode","vassal":"a"}', '{"command":"stop"}', '[]']) {
		const result = parseControlRequest(line);
		assert.equal(result.ok, false, line);
	}
});

test('a refused connection says why and what to do', () => {
	assert.match(describeConnectError('/run/uwsgi/emperor.control', 'EACCES'), /permission denied .* run this as that user or as root/);
	assert.match(describeConnectError('/x', 'ENOENT'), /no emperor listens on \/x/);
});
