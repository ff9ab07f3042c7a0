import assert from 'node:assert/strict';
import {test} from 'node:test';
import {compileGlob, compileSegment} from '../../src/sources/glob-pattern.js';

const matches = (segment: string, entry: string): boolean => {
	const compiled = compileSegment(segment);
	return compiled.kind === 'literal' ? compiled.name === entry : compiled.test(entry);
};

test('a pattern splits into literal and matching segments; empty ones are dropped', () => {
	const pattern = compileGlob('/srv//*/uwsgi.ini/');
	assert.equal(pattern.isAbsolute, true);
	assert.deepEqual(pattern.segments.map(segment => segment.kind), ['literal', 'match', 'literal']);
	assert.equal(compileGlob('*.ini').isAbsolute, false);
});

test('* and ? match within one name, never a leading dot unless the segment starts with one', () => {
	assert.ok(matches('*', 'blog'));
	assert.ok(matches('*.ini', 'app.ini'));
	assert.ok(!matches('*.ini', 'app.ini.bak'));
	assert.ok(!matches('*', '.git'));
	assert.ok(matches('.*', '.hidden'));
	assert.ok(matches('app?', 'app1'));
	assert.ok(!matches('app?', 'app'));
	assert.ok(matches('**', 'x'));
});

test('[…] classes, ranges, negation and a leading ]', () => {
	assert.ok(matches('[ab]*', 'blog'));
	assert.ok(!matches('[ab]*', 'cart'));
	assert.ok(matches('[a-c]x', 'bx'));
	assert.ok(!matches('[a-c]x', 'dx'));
	assert.ok(matches('[!a]x', 'bx'));
	assert.ok(!matches('[!a]x', 'ax'));
	assert.ok(matches('[]a]', ']'));
	assert.ok(matches('[a-]', '-'));
});

test('regex characters are plain, and a backslash escapes a glob character', () => {
	assert.ok(matches('a.b(c)+*', 'a.b(c)+d'));
	assert.ok(!matches('a.b*', 'axb'));
	assert.deepEqual(compileSegment('\\*.ini'), {kind: 'literal', name: '*.ini'});
	assert.ok(matches('\\**', '*x'));
	assert.ok(!matches('\\**', 'yx'));
});
