import {basename, dirname} from 'node:path';
import type {ExpandedEntry} from './expand-placeholders.js';
import type {VassalBinding} from './vassal-bindings.js';
import type {VassalPaths} from './vassal-paths.js';
import {canonicalOptionName} from './vassal-schema.js';

/** a fact of this machine a vassal depends on: checked by check-host.ts against what host-facts.ts read */
export type HostRequirement = {readonly key: string; readonly line: number} & (
	| {readonly kind: 'directory' | 'file'; readonly path: string; readonly role: 'chdir' | 'wsgi-file' | 'virtualenv' | 'mount'}
	| {readonly kind: 'socket-directory'; readonly path: string; readonly socket: string}
	| {readonly kind: 'user' | 'group'; readonly name: string}
	| {readonly kind: 'listen'; readonly value: number}
	| {readonly kind: 'plugin'; readonly name: string}
);

const isNumericId = (value: string): boolean => /^\d+$/.test(value);

// `user`, `user:group` (chown-socket), numeric ids need no lookup
const accountsOf = (entry: ExpandedEntry, value: string): HostRequirement[] => {
	const where = {key: entry.key, line: entry.line};
	const name = canonicalOptionName(entry.key);
	if (name === 'uid') return isNumericId(value) ? [] : [{...where, kind: 'user', name: value}];
	if (name === 'gid') return isNumericId(value) ? [] : [{...where, kind: 'group', name: value}];
	const [user = '', group = ''] = value.split(':');
	return [
		...(user === '' || isNumericId(user) ? [] : [{...where, kind: 'user' as const, name: user}]),
		...(group === '' || isNumericId(group) ? [] : [{...where, kind: 'group' as const, name: group}]),
	];
};

// what one entry needs from this machine
const requirementsOf = (entry: ExpandedEntry, value: string, paths: VassalPaths): HostRequirement[] => {
	const where = {key: entry.key, line: entry.line};
	switch (canonicalOptionName(entry.key)) {
		case 'uid': case 'gid': case 'chown-socket':
			return accountsOf(entry, value);
		case 'wsgi-file':
			return [{...where, kind: 'file', role: 'wsgi-file', path: paths.resolve(value)}];
		case 'virtualenv':
			return [{...where, kind: 'directory', role: 'virtualenv', path: paths.resolve(value)}];
		case 'mount': {
			// core/uwsgi.c: MOUNTPOINT=APP; an APP ending in .py or .wsgi is a file
			const app = value.slice(value.indexOf('=') + 1);
			return /\.(py|wsgi)$/.test(app) ? [{...where, kind: 'file', role: 'mount', path: paths.resolve(app)}] : [];
		}
		case 'listen':
			return isNumericId(value) ? [{...where, kind: 'listen', value: Number(value)}] : [];
		case 'plugins':
			return value.split(/[\s,]+/).filter(name => name !== '').map(name => ({...where, kind: 'plugin' as const, name}));
		default:
			return [];
	}
};

// the host facts a vassal needs: only from resolved entries outside for/if blocks, whose values are certain
export const listHostRequirements = (
	entries: readonly ExpandedEntry[],
	bindings: readonly VassalBinding[],
	paths: VassalPaths,
	conditional: ReadonlySet<unknown>,
): HostRequirement[] => {
	const certain = entries.filter(entry => entry.isResolved && !conditional.has(entry) && typeof entry.value === 'string');
	const requirements = certain.flatMap(entry => requirementsOf(entry, entry.value as string, paths));
	const chdir = certain.findLast(entry => canonicalOptionName(entry.key) === 'chdir');
	if (chdir !== undefined && paths.chdir !== undefined) requirements.push({key: chdir.key, line: chdir.line, kind: 'directory', role: 'chdir', path: paths.chdir});
	for (const binding of bindings) {
		if (binding.address.kind !== 'unix') continue;
		const socket = binding.address.path;
		requirements.push({key: binding.key, line: binding.line, kind: 'socket-directory', path: dirname(socket), socket: basename(socket)});
	}
	return requirements;
};
