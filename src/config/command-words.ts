// splits `[emperor] command = …` into words as a POSIX shell would, without running a shell

export type CommandWords =
	| {readonly ok: true; readonly words: readonly string[]; readonly operators: readonly string[]}
	| {readonly ok: false; readonly message: string; readonly column: number};

const OPERATORS = new Set(['|', '||', '&', '&&', ';', '>', '>>', '<', '2>', '2>&1', '$(', '`']);

// whitespace separates words; '…' is literal; "…" keeps spaces and honours \" \\ \$ \`; a backslash escapes the next character
export const splitCommandWords = (text: string): CommandWords => {
	const words: string[] = [];
	const operators: string[] = [];
	let word: string | undefined;
	for (let index = 0; index < text.length; index++) {
		const char = text[index]!;
		if (/\s/.test(char)) {
			if (word !== undefined) words.push(word);
			word = undefined;
		} else if (char === "'") {
			const end = text.indexOf("'", index + 1);
			if (end === -1) return {ok: false, message: 'a single quote is not closed', column: index + 1};
			word = (word ?? '') + text.slice(index + 1, end);
			index = end;
		} else if (char === '"') {
			let value = '';
			let end = index + 1;
			for (; end < text.length && text[end] !== '"'; end++) {
				if (text[end] === '\\' && end + 1 < text.length && '"\\$`'.includes(text[end + 1]!)) end++;
				value += text[end];
			}
			if (end >= text.length) return {ok: false, message: 'a double quote is not closed', column: index + 1};
			word = (word ?? '') + value;
			index = end;
		} else if (char === '\\') {
			if (index + 1 >= text.length) return {ok: false, message: 'a backslash ends the command', column: index + 1};
			word = (word ?? '') + text[++index];
		} else {
			word = (word ?? '') + char;
		}
	}
	if (word !== undefined) words.push(word);
	for (const candidate of words) if (OPERATORS.has(candidate)) operators.push(candidate);
	return {ok: true, words, operators};
};
