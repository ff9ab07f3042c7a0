// a glob(3) pattern as path segments: each one a literal name or a matcher for the entries of one directory
// (`*` and `?` never match `/`, nor a leading `.` unless the segment starts with one; `[…]` and `[!…]` classes;
// `\x` is a literal x; no `**`: it is a `*`, as in glob(3))

export type GlobSegment =
	| {readonly kind: 'literal'; readonly name: string}
	| {readonly kind: 'match'; readonly test: (entry: string) => boolean};

export type GlobPattern = {readonly isAbsolute: boolean; readonly segments: readonly GlobSegment[]};

const REGEX_SPECIAL = /[\\^$.*+?()[\]{}|/-]/;

const escapeRegex = (character: string): string => (REGEX_SPECIAL.test(character) ? `\\${character}` : character);

// the regex source of a `[…]` class starting at start (the `[`), and the index after its `]`
const readClass = (segment: string, start: number): {source: string; end: number} => {
	let index = start + 1;
	let source = '[';
	if (segment[index] === '!' || segment[index] === '^') {
		source += '^';
		index++;
	}
	let first = true;
	while (index < segment.length && (first || segment[index] !== ']')) {
		const character = segment[index]!;
		const isRange = character === '-' && !first && segment[index + 1] !== ']' && index + 1 < segment.length;
		source += isRange ? '-' : escapeRegex(character);
		first = false;
		index++;
	}
	return {source: `${source}]`, end: index + 1};
};

// true when the segment holds an unescaped *, ? or [
const isPattern = (segment: string): boolean => /(^|[^\\])(\\\\)*[*?[]/.test(segment);

const unescape = (segment: string): string => segment.replace(/\\(.)/g, '$1');

// one segment as a literal name or an anchored matcher
export const compileSegment = (segment: string): GlobSegment => {
	if (!isPattern(segment)) return {kind: 'literal', name: unescape(segment)};
	let source = '';
	for (let index = 0; index < segment.length;) {
		const character = segment[index]!;
		if (character === '\\' && index + 1 < segment.length) {
			source += escapeRegex(segment[index + 1]!);
			index += 2;
		} else if (character === '*') {
			source += '.*';
			index++;
		} else if (character === '?') {
			source += '.';
			index++;
		} else if (character === '[' && segment.indexOf(']', index + 2) !== -1) {
			const {source: klass, end} = readClass(segment, index);
			source += klass;
			index = end;
		} else {
			source += escapeRegex(character);
			index++;
		}
	}
	const regex = new RegExp(`^${source}$`, 's');
	const allowsHidden = segment.startsWith('.');
	return {kind: 'match', test: entry => (allowsHidden || !entry.startsWith('.')) && regex.test(entry)};
};

// splits a pattern into segments (empty ones, from `//` or a trailing `/`, are dropped)
export const compileGlob = (pattern: string): GlobPattern => ({
	isAbsolute: pattern.startsWith('/'),
	segments: pattern.split('/').filter(segment => segment !== '').map(compileSegment),
});
