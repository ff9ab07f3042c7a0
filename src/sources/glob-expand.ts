import {readdirSync, statSync} from 'node:fs';
import {join} from 'node:path';
import type {GlobPattern} from './glob-pattern.js';

export type GlobExpansion = {
	/** the matching paths, spelled as the pattern spells them (relative when it is relative), as glob(3) returns them */
	readonly matches: readonly string[];
	/** the directories whose entries decide the matches: watching them sees every new, changed or removed match */
	readonly watched: ReadonlySet<string>;
	/** directories that could not be listed (not ENOENT), with the error */
	readonly errors: readonly {readonly directory: string; readonly error: Error}[];
};

type Step = {readonly absolute: string; readonly spelled: string};

const isDirectory = (path: string): boolean => {
	try {
		return statSync(path, {throwIfNoEntry: false})?.isDirectory() === true;
	} catch {
		return false;
	}
};

const spell = (parent: string, name: string): string => (parent === '' ? name : parent.endsWith('/') ? `${parent}${name}` : `${parent}/${name}`);

// walks the pattern one segment at a time, in one synchronous pass (a single wake-up however many directories):
// a literal segment is looked up, a matching one lists its directory; each directory that decides a match is noted
export const expandGlob = (pattern: GlobPattern, cwd: string): GlobExpansion => {
	const watched = new Set<string>();
	const errors: {directory: string; error: Error}[] = [];
	let frontier: Step[] = [pattern.isAbsolute ? {absolute: '/', spelled: '/'} : {absolute: cwd, spelled: ''}];
	pattern.segments.forEach((segment, index) => {
		const isLast = index === pattern.segments.length - 1;
		const next: Step[] = [];
		for (const step of frontier) {
			if (segment.kind === 'literal') {
				const child = {absolute: join(step.absolute, segment.name), spelled: spell(step.spelled, segment.name)};
				// the file's directory tells when it appears or changes; a missing directory, when it appears
				if (isLast || !isDirectory(child.absolute)) watched.add(step.absolute);
				if (isLast || isDirectory(child.absolute)) next.push(child);
				continue;
			}
			watched.add(step.absolute);
			let entries: string[];
			try {
				entries = readdirSync(step.absolute);
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && (error as NodeJS.ErrnoException).code !== 'ENOTDIR') errors.push({directory: step.absolute, error: error as Error});
				continue;
			}
			for (const entry of entries.filter(segment.test).sort()) {
				const child = {absolute: join(step.absolute, entry), spelled: spell(step.spelled, entry)};
				if (isLast || isDirectory(child.absolute)) next.push(child);
			}
		}
		frontier = next;
	});
	return {matches: frontier.map(step => step.spelled), watched, errors};
};
