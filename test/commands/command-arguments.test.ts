import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseCommandArguments} from '../../src/commands/command-arguments.js';

const known = {values: ['--control', '--vassals'], flags: ['--json']};

test('values come with a space or an equals sign; --emperor is --vassals; names are kept in order', () => {
	const parsed = parseCommandArguments(['app.ini', '--control', '/run/x.control', '--emperor=/srv/v', '--json', 'b.ini'], known);
	assert.deepEqual(parsed.values, {'--control': '/run/x.control', '--vassals': '/srv/v'});
	assert.deepEqual([...parsed.flags], ['--json']);
	assert.deepEqual(parsed.names, ['app.ini', 'b.ini']);
	assert.deepEqual(parsed.errors, []);
});

test('unknown flags and a value flag without its value are errors', () => {
	assert.deepEqual(parseCommandArguments(['--stats', 'x', '--control'], known).errors, ['unknown option --stats', '--control needs a value']);
	assert.deepEqual(parseCommandArguments(['--json=1'], known).errors, ['unknown option --json']);
});
