import assert from 'node:assert/strict';
import {test} from 'node:test';
import {editDistance, suggestOptions} from '../../src/config/suggest-option.js';

test('the edit distance counts a swap of two neighbours as one edit', () => {
	assert.equal(editDistance('die-on-trem', 'die-on-term'), 1);
	assert.equal(editDistance('procesess', 'processes'), 1);
	assert.equal(editDistance('proceses', 'processes'), 1);
	assert.equal(editDistance('prcesess', 'processes'), 2);
	assert.equal(editDistance('', 'abc'), 3);
	assert.equal(editDistance('master', 'socket', 2), 3, 'gives up above the limit');
});

test('a key written with _ or in capitals is the option it spells', () => {
	assert.deepEqual(suggestOptions('enable_threads'), {names: ['enable-threads'], isSpelling: true});
	assert.deepEqual(suggestOptions('Master'), {names: ['master'], isSpelling: true});
});

test('a typo one edit away (two for long names) is suggested', () => {
	assert.deepEqual(suggestOptions('harakri'), {names: ['harakiri'], isSpelling: false});
	assert.deepEqual(suggestOptions('procesess'), {names: ['processes'], isSpelling: false});
	assert.deepEqual(suggestOptions('vacum'), {names: ['vacuum'], isSpelling: false});
});

test('a real option, or a placeholder name far from every option, gets no suggestion', () => {
	for (const key of ['processes', 'project', 'base', 'app', 'mydir', 'static', 'gevent', 'php-docroot']) assert.equal(suggestOptions(key), undefined, key);
});
