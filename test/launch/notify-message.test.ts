import assert from 'node:assert/strict';
import {test} from 'node:test';
import fc from 'fast-check';
import {NOTIFY_DATAGRAM_MAX_BYTES, parseNotifyMessage, STATUS_MAX_CHARS} from '../../src/launch/notify-message.js';

const parse = (text: string) => parseNotifyMessage(Buffer.from(text));
const message = (text: string) => {
	const result = parse(text);
	assert.ok(result.ok, `expected ${JSON.stringify(text)} to parse`);
	return result.message;
};

test('READY=1 with a status, as gunicorn sends it', () => {
	assert.deepEqual(message('READY=1\nSTATUS=Gunicorn arbiter booted'), {ready: true, status: 'Gunicorn arbiter booted', invalid: []});
});

test('RELOADING=1, STOPPING=1, WATCHDOG=1 and WATCHDOG=trigger each set their flag', () => {
	assert.deepEqual(message('RELOADING=1\nMONOTONIC_USEC=123'), {reloading: true, invalid: []});
	assert.deepEqual(message('STOPPING=1\n'), {stopping: true, invalid: []});
	assert.deepEqual(message('WATCHDOG=1'), {watchdog: true, invalid: []});
	assert.deepEqual(message('WATCHDOG=trigger'), {watchdogTrigger: true, invalid: []});
});

test('MAINPID= and ERRNO= are decimal integers; anything else is named as invalid', () => {
	assert.deepEqual(message('MAINPID=4242\nERRNO=0'), {mainPid: 4242, errno: 0, invalid: []});
	for (const bad of ['0', '-1', 'abc', '12a', ' 12', '', '99999999999', '0x10']) {
		assert.deepEqual(message(`MAINPID=${bad}`), {invalid: ['MAINPID']}, bad);
	}
	assert.deepEqual(message('ERRNO=-2'), {invalid: ['ERRNO']});
});

test('READY=0 and other values of the flags are invalid, not a flag', () => {
	assert.deepEqual(message('READY=0\nSTOPPING=yes\nWATCHDOG=2'), {invalid: ['READY', 'STOPPING', 'WATCHDOG']});
});

test('unknown keys, lines without = and empty datagrams are ignored', () => {
	assert.deepEqual(message('X_CUSTOM=1\nFDSTORE=1\nEXTEND_TIMEOUT_USEC=5\nnonsense\n=1\n\n'), {invalid: []});
	assert.deepEqual(message(''), {invalid: []});
});

test('STATUS= is one line without control characters, cut at the limit; the last one wins; STATUS= clears', () => {
	assert.equal(message('STATUS=a\tb\u001b[31mred\u007f\u0085c\r').status, 'ab[31mredc');
	assert.equal(message(`STATUS=${'é'.repeat(STATUS_MAX_CHARS + 50)}`).status, 'é'.repeat(STATUS_MAX_CHARS));
	assert.equal(message(`STATUS=${'😀'.repeat(STATUS_MAX_CHARS + 1)}`).status, '😀'.repeat(STATUS_MAX_CHARS));
	assert.equal(message('STATUS=first\nSTATUS=second').status, 'second');
	assert.equal(message('STATUS=').status, '');
	assert.equal(message('STATUS=a=b').status, 'a=b');
});

test('a datagram over 4096 bytes, with a NUL or not UTF-8 is rejected whole with its reason', () => {
	assert.deepEqual(parse(`READY=1\nSTATUS=${'x'.repeat(NOTIFY_DATAGRAM_MAX_BYTES)}`), {ok: false, reason: 'too-large', bytes: NOTIFY_DATAGRAM_MAX_BYTES + 15});
	assert.equal(parse(`READY=1\n${'x'.repeat(NOTIFY_DATAGRAM_MAX_BYTES - 8)}`).ok, true);
	assert.deepEqual(parse('READY=1\u0000STATUS=x'), {ok: false, reason: 'nul-byte', bytes: 16});
	assert.deepEqual(parseNotifyMessage(Buffer.from([0x52, 0x45, 0x41, 0x44, 0x59, 0x3d, 0x31, 0xff])), {ok: false, reason: 'not-utf8', bytes: 8});
	assert.deepEqual(parseNotifyMessage(Buffer.from([0xed, 0xa0, 0x80])), {ok: false, reason: 'not-utf8', bytes: 3});
});

test('a view into a larger buffer is parsed by its own bytes only', () => {
	const backing = Buffer.from('STATUS=outsideREADY=1STATUS=outside');
	assert.deepEqual(message(backing.subarray(14, 21).toString()), {ready: true, invalid: []});
	const view = parseNotifyMessage(backing.subarray(14, 21));
	assert.deepEqual(view, {ok: true, message: {ready: true, invalid: []}});
});

test('any bytes at all give a result and never throw', () => {
	fc.assert(fc.property(fc.uint8Array({maxLength: 5000}), bytes => {
		const result = parseNotifyMessage(bytes);
		if (result.ok) assert.ok((result.message.status ?? '').length <= STATUS_MAX_CHARS * 2);
		else assert.ok(['too-large', 'nul-byte', 'not-utf8'].includes(result.reason));
	}), {numRuns: 500});
	fc.assert(fc.property(fc.string({unit: 'binary', maxLength: 300}), text => {
		const result = parse(`STATUS=${text}`);
		if (result.ok && result.message.status !== undefined) assert.doesNotMatch(result.message.status, /[\u0000-\u001f\u007f-\u009f]/);
	}), {numRuns: 500});
});
