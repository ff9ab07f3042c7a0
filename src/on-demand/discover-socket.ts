import {readFile} from 'node:fs/promises';
import {join, resolve} from 'node:path';
import {vassalIdentifier} from '../sources/vassal-name.js';
import type {IniSections} from '../config/parse-uwsgi-ini.js';

/** how the emperor learns a vassal's on-demand socket: uWSGI's three options (only the first one set counts) */
export type OnDemandDiscovery = {
	/** `--emperor-on-demand-extension .socket`: the socket name is in NAME.socket */
	readonly extension?: string | undefined;
	/** `--emperor-on-demand-directory DIR`: DIR/<name without its last extension>.socket */
	readonly directory?: string | undefined;
	/** `--emperor-on-demand-exec CMD`: the first line CMD prints, run as `CMD… NAME` without a shell */
	readonly exec?: string | undefined;
	/** the socket a source that is not a directory gives the vassal (pg's sixth column): wins over the three above */
	readonly fromSource?: string | undefined;
};

export type Discovered = {readonly socket?: string; readonly problem?: string};

// a command that does not answer in this time gives no socket, so a stuck script cannot hold the vassal forever
export const EXEC_TIMEOUT_MS = 10_000;

// uWSGI keeps the text up to the first control character (a newline, usually)
export const firstPrintableRun = (text: string): string | undefined => {
	const run = text.split(/[\x00-\x1f]/, 1)[0] ?? '';
	return run === '' ? undefined : run;
};

// `socket = …` in the vassal's own [emperor] section (its last value)
export const readEmperorSection = (sections: IniSections): string | undefined => {
	const value = sections.emperor?.socket;
	const last = Array.isArray(value) ? value.at(-1) : value;
	return typeof last === 'string' ? firstPrintableRun(last.trim()) : undefined;
};

// DIR/app.socket for app.ini; a name without an extension has none, as in uWSGI; a glob vassal's name (a path)
// goes through its safe identifier, so /srv/a/uwsgi.ini and /srv/b/uwsgi.ini get sockets of their own
export const socketInDirectory = (directory: string, name: string): string | undefined => {
	const base = name.includes('/') ? vassalIdentifier(name) : name;
	const dot = base.lastIndexOf('.');
	return dot === -1 ? undefined : join(directory, `${base.slice(0, dot)}.socket`);
};

const readExtensionFile = async (vassalsDirectory: string, name: string, extension: string): Promise<Discovered> => {
	try {
		return {socket: firstPrintableRun(await readFile(resolve(vassalsDirectory, `${name}${extension}`), 'utf8'))};
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		return code === 'ENOENT' ? {} : {problem: `cannot read ${name}${extension} (${code})`};
	}
};

// unlike uWSGI's `/bin/sh -c 'CMD "NAME"'`, no shell: CMD is split on spaces and NAME is its last argument
const runExec = async (vassalsDirectory: string, name: string, command: string): Promise<Discovered> => {
	// execa is loaded on the first --emperor-on-demand-exec, not at start-up
	const {execa, parseCommandString} = await import('execa');
	const [file, ...args] = parseCommandString(command);
	if (file === undefined) return {};
	const result = await execa(file, [...args, name], {cwd: vassalsDirectory, reject: false, timeout: EXEC_TIMEOUT_MS, stdin: 'ignore', stderr: 'inherit'});
	if (result.failed) return {problem: `${command} ${name}: ${result.shortMessage}`};
	return {socket: firstPrintableRun(result.stdout)};
};

// the on-demand socket of one vassal: its own [emperor] section first, then the emperor's option
export const discoverOnDemandSocket = async (
	discovery: OnDemandDiscovery, vassalsDirectory: string, name: string, sections: IniSections,
): Promise<Discovered> => {
	const own = readEmperorSection(sections);
	if (own !== undefined) return {socket: own};
	if (discovery.fromSource !== undefined) return {socket: discovery.fromSource};
	if (discovery.extension !== undefined) return readExtensionFile(vassalsDirectory, name, discovery.extension);
	if (discovery.directory !== undefined) return {socket: socketInDirectory(discovery.directory, name)};
	if (discovery.exec !== undefined) return runExec(vassalsDirectory, name, discovery.exec);
	return {};
};
