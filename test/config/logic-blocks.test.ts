import assert from 'node:assert/strict';
import {test} from 'node:test';
import {findLogicBlocks} from '../../src/config/logic-blocks.js';
import {parseUwsgiIni} from '../../src/config/parse-uwsgi-ini.js';

const blocksOf = (text: string) => {
	const {entries} = parseUwsgiIni(`[uwsgi]\n${text}`, 'app.ini');
	const {constructs, conditional} = findLogicBlocks(entries);
	return {constructs: constructs.map(({entry, kind, end}) => [entry.key, kind, end?.line]), conditional: [...conditional].map(entry => entry.key)};
};

test('a for block runs to endfor; the options inside are conditional', () => {
	assert.deepEqual(blocksOf('for-readline = .envs\n  env = %(_)\nendfor =\nmaster = true'), {constructs: [['for-readline', 'block', 4]], conditional: ['env']});
});

test('if blocks end with endif or end; a new block replaces an open one, as uWSGI does not nest them', () => {
	assert.deepEqual(blocksOf('if-env = PROD\nprocesses = 8\nif-not-env = PROD\nprocesses = 1\nend =\nvacuum'), {
		constructs: [['if-env', 'block', undefined], ['if-not-env', 'block', 6]], conditional: ['processes', 'processes'],
	});
});

test('a block without its end runs to the end of the file', () => {
	assert.deepEqual(blocksOf('if-exists = /srv\nchdir = /srv').constructs, [['if-exists', 'block', undefined]]);
});

test('include-style options are noted', () => {
	assert.deepEqual(blocksOf('ini = common.ini\ninclude = x.ini\ninherit = base.ini\nmaster = true').constructs, [['ini', 'include', undefined], ['include', 'include', undefined], ['inherit', 'include', undefined]]);
});
