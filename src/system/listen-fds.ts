// systemd's socket activation protocol, read as sd_listen_fds_with_names(3) reads it: LISTEN_PID, LISTEN_FDS, LISTEN_FDNAMES
import {vassalIdentifier} from '../sources/vassal-name.js';

/** the first passed descriptor (SD_LISTEN_FDS_START) */
export const LISTEN_FDS_START = 3;

// far above any real unit (systemd's own limit on a unit's sockets is lower), and keeps 3+n-1 an ordinary fd number
const MAX_LISTEN_FDS = 4096;
// fdname_is_valid: printable ASCII without `:`, at most 255 characters (the empty name is allowed)
const MAX_NAME_LENGTH = 255;
const VALID_NAME = /^[\x20-\x39\x3b-\x7e]*$/;

/** one descriptor systemd passed: fd 3, 4, …, with its FileDescriptorName= when it has a usable one */
export type ListenFd = {readonly fd: number; readonly name?: string | undefined};

export type ListenFds = {
	readonly fds: readonly ListenFd[];
	/** what was wrong with the variables, in words an operator can act on */
	readonly warnings: readonly string[];
};

const NONE: ListenFds = {fds: [], warnings: []};

const parseCount = (text: string): number | undefined => (/^[0-9]+$/.test(text) ? Number(text) : undefined);

const isValidName = (name: string): boolean => name.length <= MAX_NAME_LENGTH && VALID_NAME.test(name);

// the names, one per fd, or why they are ignored (the fds are still used, unnamed)
const readNames = (text: string | undefined, count: number): {names: readonly (string | undefined)[]; warnings: string[]} => {
	if (text === undefined) return {names: [], warnings: []};
	const names = text.split(':');
	if (names.length !== count) {
		return {names: [], warnings: [`LISTEN_FDNAMES has ${names.length} names for ${count} passed fds: the names are ignored`]};
	}
	const warnings = names.flatMap((name, index) => (isValidName(name) ? [] : [`LISTEN_FDNAMES: the name of fd ${LISTEN_FDS_START + index} is not a valid fd name: it is ignored`]));
	return {names: names.map(name => (isValidName(name) && name !== '' ? name : undefined)), warnings};
};

// the descriptors systemd passed to this process (pid), or none when they are meant for another process or malformed
export const parseListenFds = (env: NodeJS.ProcessEnv, pid: number): ListenFds => {
	const {LISTEN_PID: pidText, LISTEN_FDS: countText, LISTEN_FDNAMES: namesText} = env;
	if (pidText === undefined && countText === undefined) return NONE;
	if (pidText === undefined) return {fds: [], warnings: ['LISTEN_FDS is set without LISTEN_PID: no socket is adopted']};
	const target = parseCount(pidText);
	if (target === undefined || target === 0) return {fds: [], warnings: [`LISTEN_PID=${pidText} is not a process id: no socket is adopted`]};
	// the variables were inherited from a parent that was activated: they are not for us, as sd_listen_fds says
	if (target !== pid) return {fds: [], warnings: [`LISTEN_PID=${target} is not this process (${pid}): the passed sockets are not adopted`]};
	const count = parseCount(countText ?? '');
	if (count === undefined || count === 0 || count > MAX_LISTEN_FDS) {
		return {fds: [], warnings: [`LISTEN_FDS=${countText ?? ''}: expected a count from 1 to ${MAX_LISTEN_FDS}; no socket is adopted`]};
	}
	const {names, warnings} = readNames(namesText, count);
	const fds = Array.from({length: count}, (_, index) => ({fd: LISTEN_FDS_START + index, name: names[index]}));
	return {fds, warnings};
};

// the name a vassal's held socket is passed under: `app.ini` itself first, then `app`; a name that is a path (a
// glob vassal's) cannot be an fd name, so its safe identifier stands for it (srv_blog_uwsgi-6c5ada26.ini, then without .ini)
export const passedNamesOf = (vassal: string): readonly string[] => {
	const name = vassal.includes('/') ? vassalIdentifier(vassal) : vassal;
	const dot = name.lastIndexOf('.');
	return dot <= 0 ? [name] : [name, name.slice(0, dot)];
};
