import {readdir, readFile, stat} from 'node:fs/promises';
import type {HostRequirement} from './host-requirements.js';

export type PathKind = 'file' | 'directory' | 'other' | 'missing';

/** what this machine has, as far as the vassals' requirements ask; an unknown fact is not checked */
export type HostFacts = {
	readonly users?: ReadonlySet<string>;
	readonly groups?: ReadonlySet<string>;
	readonly somaxconn?: number;
	/** the installed plugins, when uWSGI has a plugin directory (Debian's packages do, a pip build does not) */
	readonly plugins?: {readonly directory: string; readonly names: ReadonlySet<string>};
	readonly paths: ReadonlyMap<string, PathKind>;
};

/** where Debian's uwsgi-core looks for plugins */
export const DEFAULT_PLUGIN_DIRECTORY = '/usr/lib/uwsgi/plugins';

const readText = async (path: string): Promise<string | undefined> => readFile(path, 'utf8').catch(() => undefined);

// the first field of each line of /etc/passwd or /etc/group
const readNames = async (path: string): Promise<Set<string> | undefined> => {
	const text = await readText(path);
	return text === undefined ? undefined : new Set(text.split('\n').map(line => line.split(':')[0]!).filter(name => name !== '' && !name.startsWith('#')));
};

const readPathKind = async (path: string): Promise<PathKind> => {
	try {
		const stats = await stat(path);
		return stats.isDirectory() ? 'directory' : stats.isFile() ? 'file' : 'other';
	} catch {
		return 'missing';
	}
};

const readPlugins = async (directory: string): Promise<HostFacts['plugins']> => {
	const files = await readdir(directory).catch(() => undefined);
	if (files === undefined) return undefined;
	return {directory, names: new Set(files.filter(file => file.endsWith('_plugin.so')).map(file => file.slice(0, -'_plugin.so'.length)))};
};

// reads the facts the requirements ask about: accounts from /etc/passwd and /etc/group, paths, somaxconn, plugins
export const readHostFacts = async (requirements: readonly HostRequirement[], pluginDirectory = DEFAULT_PLUGIN_DIRECTORY): Promise<HostFacts> => {
	const asks = (kind: HostRequirement['kind']) => requirements.some(requirement => requirement.kind === kind);
	const paths = [...new Set(requirements.flatMap(requirement => ('path' in requirement ? [requirement.path] : [])))];
	const [users, groups, somaxconn, plugins, kinds] = await Promise.all([
		asks('user') ? readNames('/etc/passwd') : undefined,
		asks('group') ? readNames('/etc/group') : undefined,
		asks('listen') ? readText('/proc/sys/net/core/somaxconn').then(text => (text === undefined ? undefined : Number.parseInt(text, 10))) : undefined,
		asks('plugin') ? readPlugins(pluginDirectory) : undefined,
		Promise.all(paths.map(async path => [path, await readPathKind(path)] as const)),
	]);
	return {users, groups, somaxconn: Number.isFinite(somaxconn) ? somaxconn : undefined, plugins, paths: new Map(kinds)};
};
