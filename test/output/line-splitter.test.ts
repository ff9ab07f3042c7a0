import assert from 'node:assert/strict';
import {test} from 'node:test';
import {findCutPoint, makeLineSplitter, MAX_LINE_BYTES} from '../../src/output/line-splitter.js';

const split = (chunks: readonly (string | Buffer)[], max?: number): string[] => {
	const lines: string[] = [];
	const splitter = makeLineSplitter(line => lines.push(line), max);
	for (const chunk of chunks) splitter.push(chunk);
	splitter.flush();
	return lines;
};

test('lines are cut at newlines, across chunks, without the newline or a carriage return before it', () => {
	assert.deepEqual(split(['one\ntw', 'o\r\nthr', 'ee\n']), ['one', 'two', 'three']);
	assert.deepEqual(split(['\n\n']), ['', '']);
});

test('a last line without a newline is a line at the end of the stream', () => {
	assert.deepEqual(split(['done\nlast words']), ['done', 'last words']);
	assert.deepEqual(split([]), []);
});

test('a line longer than the limit comes in pieces of the limit, none lost', () => {
	const long = 'x'.repeat(MAX_LINE_BYTES * 2 + 5);
	const lines = split([long.slice(0, 1000), long.slice(1000), '\nafter\n']);
	assert.deepEqual(lines.map(line => line.length), [MAX_LINE_BYTES, MAX_LINE_BYTES, 5, 5]);
	assert.equal(lines.slice(0, 3).join(''), long);
	// an unfinished line never holds more than the limit between chunks
	assert.deepEqual(split(['abcdefghij'], 4), ['abcd', 'efgh', 'ij']);
});

test('a piece never cuts a UTF-8 character in two', () => {
	const text = 'é'.repeat(5); // 2 bytes each
	const lines = split([`${text}\n`], 3);
	assert.deepEqual(lines, ['é', 'é', 'é', 'é', 'é']);
	assert.equal(findCutPoint(Buffer.from('aé'), 2), 1);
	assert.equal(findCutPoint(Buffer.from('ab'), 5), 2);
});
