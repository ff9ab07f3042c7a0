import assert from 'node:assert/strict';
import {test} from 'node:test';
import {CLI_FLAGS} from '../../src/options/cli-flags.js';
import {formatFlagHelp, formatHelp, wrapText} from '../../src/options/format-help.js';

test('text wraps at spaces within the width; a word longer than the width stands alone', () => {
	assert.deepEqual(wrapText('one two three four', 9), ['one two', 'three', 'four']);
	assert.deepEqual(wrapText('a http://example.com/very/long b', 10), ['a', 'http://example.com/very/long', 'b']);
});

test('every flag that takes a value says what it expects, never VALUE', () => {
	const help = formatHelp(CLI_FLAGS);
	assert.doesNotMatch(help, /(?<!KEY=)\bVALUE\b/);
	assert.match(help, /^ {2}--emperor-required-heartbeat SECONDS$/m);
	for (const [flag, placeholder] of [['emperor-throttle', 'MS'], ['vassals', 'DIR'], ['uid', 'USER'], ['emperor-stats', 'ADDR'], ['control', 'PATH'], ['emperor-restart-intensity', 'N'], ['vassal-set', 'KEY=VALUE']]) {
		assert.match(help, new RegExp(`^ {2}--${flag} ${placeholder}(  |$)`, 'm'), flag);
	}
});

test('descriptions start in one column, two spaces at least after the flag, or on the next line for a long flag', () => {
	for (const width of [80, 60, 120]) {
		const lines = formatFlagHelp(CLI_FLAGS, width);
		for (const line of lines) {
			assert.ok(line.length <= width || /^ +\S+$/.test(line), `${line.length} > ${width}: ${line}`);
			const isFlagAlone = /^ {2}--\S+( \S+)?$/.test(line);
			if (line.startsWith('  --') && !isFlagAlone) assert.match(line.slice(0, 32), /\S {2,}$/, `flag runs into its description: ${line}`);
			if (!line.startsWith('  --')) assert.match(line, /^ {32}\S/, `continuation not aligned: ${line}`);
		}
		const flagLines = lines.filter(line => line.startsWith('  --'));
		assert.equal(flagLines.length, Object.keys(CLI_FLAGS).length, 'one line starts each flag');
	}
});

test('the built CLI prints the help', async () => {
	const {runCli} = await import('../helpers/run-cli.js');
	const result = await runCli(['--help']);
	assert.equal(result.code, 0);
	assert.equal(result.stdout, formatHelp(CLI_FLAGS, 80));
});
