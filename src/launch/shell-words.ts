// a word that means something to a shell but nothing here, so the caller can warn "this is not run by a shell"
export type ShellSyntax = {kind: 'operator' | 'variable'; text: string; column: number};

export type ShellWordsError = {code: 'unbalanced-quote' | 'trailing-backslash'; column: number; message: string};

export type ShellWords = {ok: true; words: string[]; shellSyntax: ShellSyntax[]} | {ok: false; error: ShellWordsError};

// an unquoted word made of a control operator, or starting with a redirection (>, >>, 2>, &>, <, 2>&1 …)
const OPERATOR_WORD = /^(?:\|\|?|&&?|;;?|\(|\)|\d*(?:>>?|<<?|>&|<&|&>>?)\S*)$/;
// $NAME, ${…}, $(…) and `…` would be expanded by a shell
const EXPANSION = /\$[A-Za-z_{(0-9@*#?$!-]|`/;
// inside double quotes a backslash escapes only these (POSIX); before anything else it stays
const DOUBLE_QUOTE_ESCAPES = new Set(['$', '`', '"', '\\', '\n']);
const isBlank = (character: string) => character === ' ' || character === '\t' || character === '\n';

type Word = {text: string; column: number; isQuoted: boolean; hasExpansion: boolean};

const noteSyntax = (word: Word): ShellSyntax | undefined => {
	if (!word.isQuoted && OPERATOR_WORD.test(word.text)) return {kind: 'operator', text: word.text, column: word.column};
	if (word.hasExpansion) return {kind: 'variable', text: word.text, column: word.column};
	return undefined;
};

// splits a command line into words like a POSIX shell would (blanks, '…', "…" with \ escapes, \ outside quotes) but expands nothing; columns are 1-based
export const splitShellWords = (text: string): ShellWords => {
	const words: Word[] = [];
	let word: Word | undefined;
	const startWord = (index: number) => (word ??= {text: '', column: index + 1, isQuoted: false, hasExpansion: false});
	let index = 0;
	while (index < text.length) {
		const character = text[index]!;
		if (isBlank(character)) {
			if (word) words.push(word);
			word = undefined;
			index++;
			continue;
		}
		// backslash-newline continues the line: it adds nothing and starts no word
		if (character === '\\' && text[index + 1] === '\n') {
			index += 2;
			continue;
		}
		const current = startWord(index);
		if (character === '\\') {
			if (index + 1 >= text.length) return {ok: false, error: {code: 'trailing-backslash', column: index + 1, message: `a backslash at column ${index + 1} ends the command with nothing to escape`}};
			current.text += text[index + 1];
			current.isQuoted = true;
			index += 2;
			continue;
		}
		if (character === "'" || character === '"') {
			const close = character === "'" ? text.indexOf("'", index + 1) : findClosingDoubleQuote(text, index + 1);
			if (close < 0) return {ok: false, error: {code: 'unbalanced-quote', column: index + 1, message: `the ${character === "'" ? 'single' : 'double'} quote at column ${index + 1} is never closed`}};
			const inside = text.slice(index + 1, close);
			if (character === "'") current.text += inside;
			else {
				current.text += unescapeDoubleQuoted(inside);
				current.hasExpansion ||= EXPANSION.test(inside);
			}
			current.isQuoted = true;
			index = close + 1;
			continue;
		}
		if (character === '$' || character === '`') current.hasExpansion ||= EXPANSION.test(text.slice(index, index + 2));
		current.text += character;
		index++;
	}
	if (word) words.push(word);
	return {ok: true, words: words.map(each => each.text), shellSyntax: words.map(noteSyntax).filter(note => note !== undefined)};
};

// the index of the " that closes a double-quoted part starting at from, skipping escaped quotes; -1 when none
const findClosingDoubleQuote = (text: string, from: number): number => {
	for (let index = from; index < text.length; index++) {
		if (text[index] === '\\') index++;
		else if (text[index] === '"') return index;
	}
	return -1;
};

const unescapeDoubleQuoted = (inside: string): string => {
	let result = '';
	for (let index = 0; index < inside.length; index++) {
		const character = inside[index]!;
		const next = inside[index + 1];
		if (character === '\\' && next !== undefined && DOUBLE_QUOTE_ESCAPES.has(next)) {
			if (next !== '\n') result += next;
			index++;
		} else result += character;
	}
	return result;
};
