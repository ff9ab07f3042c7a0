import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {test} from 'node:test';
import fc from 'fast-check';
import {splitShellWords} from '../../src/launch/shell-words.js';

const words = (text: string) => {
	const result = splitShellWords(text);
	assert.ok(result.ok, `expected ${JSON.stringify(text)} to split: ${JSON.stringify(result)}`);
	return result.words;
};
const failure = (text: string) => {
	const result = splitShellWords(text);
	assert.ok(!result.ok, `expected ${JSON.stringify(text)} to fail`);
	return result.error;
};
// what a real POSIX shell makes of the same text, printed one word per NUL
const shellWords = (text: string) => execFileSync('sh', ['-c', `set -f; set -- ${text}; for word; do printf '%s\\0' "$word"; done`], {env: {}}).toString().split('\0').slice(0, -1);

test('blanks separate words; runs of blanks, tabs and newlines count once', () => {
	assert.deepEqual(words('  gunicorn   --workers 2\tapp:wsgi \n'), ['gunicorn', '--workers', '2', 'app:wsgi']);
	assert.deepEqual(words(''), []);
	assert.deepEqual(words('   '), []);
});

test('single quotes keep everything literally, backslashes too', () => {
	assert.deepEqual(words(String.raw`python3 -c 'print("a b")' 'x\ny' ''`), ['python3', '-c', 'print("a b")', String.raw`x\ny`, '']);
});

test('double quotes keep blanks; a backslash escapes only $ ` " \\ and newline', () => {
	assert.deepEqual(words(String.raw`echo "a  b" "say \"hi\"" "\$HOME" "c:\dir" "\\"`), ['echo', 'a  b', 'say "hi"', '$HOME', String.raw`c:\dir`, '\\']);
	assert.deepEqual(words('"one\\\ntwo"'), ['onetwo']);
});

test('a backslash outside quotes makes the next character literal; backslash-newline joins lines', () => {
	assert.deepEqual(words(String.raw`a\ b c\'d \"e\\`), ['a b', "c'd", '"e\\']);
	assert.deepEqual(words('gunicorn \\\n  --bind x'), ['gunicorn', '--bind', 'x']);
});

test('quoted parts and plain parts glue into one word', () => {
	assert.deepEqual(words(String.raw`--name='my app'"'s"\!x`), ["--name=my app's!x"]);
});

test('an unbalanced quote is an error naming its column', () => {
	assert.deepEqual(failure(`gunicorn --name 'app`), {code: 'unbalanced-quote', column: 17, message: 'the single quote at column 17 is never closed'});
	assert.deepEqual(failure(String.raw`echo "a \" b`), {code: 'unbalanced-quote', column: 6, message: 'the double quote at column 6 is never closed'});
	assert.deepEqual(failure('echo x\\'), {code: 'trailing-backslash', column: 7, message: 'a backslash at column 7 ends the command with nothing to escape'});
});

test('shell operators are just characters, but the result names them with their column', () => {
	const result = splitShellWords('gunicorn app | tee log && echo done ; x > out 2>&1 >>all <in');
	assert.ok(result.ok);
	assert.deepEqual(result.words, ['gunicorn', 'app', '|', 'tee', 'log', '&&', 'echo', 'done', ';', 'x', '>', 'out', '2>&1', '>>all', '<in']);
	assert.deepEqual(result.shellSyntax.map(note => [note.text, note.column]), [['|', 14], ['&&', 24], [';', 37], ['>', 41], ['2>&1', 47], ['>>all', 52], ['<in', 58]]);
	assert.ok(result.shellSyntax.every(note => note.kind === 'operator'));
});

test('quoted operators and operator characters inside words are not named', () => {
	const result = splitShellWords(String.raw`echo '|' "&&" \; a|b --x=>y key=1;2`);
	assert.deepEqual(result, {ok: true, words: ['echo', '|', '&&', ';', 'a|b', '--x=>y', 'key=1;2'], shellSyntax: []});
});

test('variables and command substitutions are kept as text and named, unless single-quoted or escaped', () => {
	const result = splitShellWords('app --port $PORT "${HOME}/x" $(id) \'$KEEP\' \\$ESCAPED price=5$ `date`');
	assert.ok(result.ok);
	assert.deepEqual(result.words, ['app', '--port', '$PORT', '${HOME}/x', '$(id)', '$KEEP', '$ESCAPED', 'price=5$', '`date`']);
	assert.deepEqual(result.shellSyntax, [
		{kind: 'variable', text: '$PORT', column: 12},
		{kind: 'variable', text: '${HOME}/x', column: 18},
		{kind: 'variable', text: '$(id)', column: 30},
		{kind: 'variable', text: '`date`', column: 63},
	]);
});

test('words agree with a real POSIX shell for quotes and escapes without expansions', () => {
	const piece = fc.oneof(
		fc.constantFrom(' ', '\t', 'a', 'b', '-', '=', '/', ':', '.', '\\\\', '\\"', "\\'", '\\ ', '""', "''"),
		fc.string({unit: fc.constantFrom('x', ' ', '"', '\\', '*', '-'), maxLength: 6}).map(inside => `'${inside}'`),
		fc.string({unit: fc.constantFrom('y', ' ', "'", '*', '\\\\', '\\"'), maxLength: 6}).map(inside => `"${inside}"`),
	);
	fc.assert(fc.property(fc.array(piece, {maxLength: 12}).map(parts => parts.join('')), text => {
		assert.deepEqual(words(text), shellWords(text), text);
	}), {numRuns: 150});
});

test('any text gives a result and never throws', () => {
	fc.assert(fc.property(fc.string({maxLength: 200}), text => {
		const result = splitShellWords(text);
		if (!result.ok) assert.ok(result.error.column >= 1 && result.error.column <= text.length);
	}), {numRuns: 1000});
});
