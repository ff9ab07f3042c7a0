import {UWSGI_OPTION_NAMES, isUwsgiOption} from './uwsgi-options.js';

// edit distance with adjacent swaps counted as one edit (optimal string alignment), giving up above limit
export const editDistance = (from: string, to: string, limit = Infinity): number => {
	if (Math.abs(from.length - to.length) > limit) return limit + 1;
	let previous2: number[] = [];
	let previous = Array.from({length: to.length + 1}, (_, index) => index);
	for (let row = 1; row <= from.length; row++) {
		const current = [row];
		let best = row;
		for (let column = 1; column <= to.length; column++) {
			const cost = from[row - 1] === to[column - 1] ? 0 : 1;
			let value = Math.min(previous[column]! + 1, current[column - 1]! + 1, previous[column - 1]! + cost);
			if (row > 1 && column > 1 && from[row - 1] === to[column - 2] && from[row - 2] === to[column - 1]) value = Math.min(value, previous2[column - 2]! + 1);
			current.push(value);
			best = Math.min(best, value);
		}
		if (best > limit) return limit + 1;
		previous2 = previous;
		previous = current;
	}
	return previous[to.length]!;
};

/** a real option a key probably meant; `isSpelling`: the same name with `_` for `-` or other letter case */
export type OptionSuggestion = {readonly names: readonly string[]; readonly isSpelling: boolean};

// how far a key may be from an option: short names are often placeholders (`app`, `base`), so they must be closer
const allowedDistance = (key: string): number => (key.length >= 8 ? 2 : 1);

// the options one edit away (two for keys of eight letters or more), nearest first; none for a real option
export const suggestOptions = (key: string, names: readonly string[] = UWSGI_OPTION_NAMES): OptionSuggestion | undefined => {
	if (isUwsgiOption(key)) return undefined;
	const respelled = key.toLowerCase().replaceAll('_', '-');
	if (respelled !== key && names.includes(respelled)) return {names: [respelled], isSpelling: true};
	const limit = allowedDistance(key);
	const ranked = names
		.map(name => ({name, distance: editDistance(respelled, name, limit)}))
		// a key of four letters or less is only a typo when it has the option's length (`foo` is not `fo`)
		.filter(candidate => candidate.distance <= limit && (key.length > 4 || candidate.name.length === key.length))
		.sort((left, right) => left.distance - right.distance || left.name.localeCompare(right.name));
	if (ranked.length === 0) return undefined;
	const nearest = ranked.filter(candidate => candidate.distance === ranked[0]!.distance).slice(0, 3);
	return {names: nearest.map(candidate => candidate.name), isSpelling: false};
};
