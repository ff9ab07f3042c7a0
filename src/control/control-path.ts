// where the control socket lives: pure choices from the environment, apart from the request schema, so that a
// client loads no validation library
import {createHash} from 'node:crypto';
import {basename, join} from 'node:path';

/** the socket's name in systemd's RuntimeDirectory, and at the shipped unit's path */
export const SYSTEMD_CONTROL_NAME = 'emperor.control';
export const SYSTEMD_CONTROL_PATH = `/run/uwsgi/${SYSTEMD_CONTROL_NAME}`;
export const CONTROL_EXTENSION = '.control';

/** a directory the emperor shares with other emperors of the same user; each names its socket after its vassals */
export type ControlDirectory = {
	readonly path: string;
	/** 0755 under /run for root (another user gets a clear refusal from the socket's 0600); else 0700 */
	readonly mode: number;
};

// unix socket paths are limited to 107 bytes on Linux
const MAX_SOCKET_PATH_BYTES = 107;

// where an emperor outside systemd keeps its control socket: as root /run/emperor, else $XDG_RUNTIME_DIR/emperor,
// else a private /tmp/emperor-UID
export const chooseControlDirectory = (env: NodeJS.ProcessEnv, uid: number): ControlDirectory => {
	if (uid === 0) return {path: '/run/emperor', mode: 0o755};
	const runtime = env.XDG_RUNTIME_DIR;
	if (runtime !== undefined && runtime.startsWith('/')) return {path: join(runtime, 'emperor'), mode: 0o700};
	return {path: `/tmp/emperor-${uid}`, mode: 0o700};
};

// the socket's name for a vassal directory (its real path): a readable part and a hash, so that emperors of
// different directories never share a socket
export const controlSocketName = (vassalsRealPath: string): string => {
	const hash = createHash('sha256').update(vassalsRealPath).digest('hex').slice(0, 12);
	const readable = basename(vassalsRealPath).replaceAll(/[^\w.-]/g, '_').replace(/^\.+/, '').slice(0, 40);
	return `${readable === '' ? 'root' : readable}-${hash}${CONTROL_EXTENSION}`;
};

// the systemd RuntimeDirectory's control socket, when the emperor runs as a service
export const systemdControlPath = (env: NodeJS.ProcessEnv): string | undefined => {
	const runtimeDirectory = env.RUNTIME_DIRECTORY?.split(':')[0];
	return runtimeDirectory ? join(runtimeDirectory, SYSTEMD_CONTROL_NAME) : undefined;
};

// the socket of a vassal directory in a control directory; only the hash when the name makes the path too long
export const controlPathIn = (directory: string, vassalsRealPath: string): string => {
	const path = join(directory, controlSocketName(vassalsRealPath));
	if (Buffer.byteLength(path) <= MAX_SOCKET_PATH_BYTES) return path;
	return join(directory, controlSocketName(vassalsRealPath).replace(/^.*-/, 'emperor-'));
};

// the control socket an emperor opens when --control names none: systemd's, or one named after its vassals
export const defaultControlPath = (env: NodeJS.ProcessEnv, uid: number, vassalsRealPath: string): string =>
	systemdControlPath(env) ?? controlPathIn(chooseControlDirectory(env, uid).path, vassalsRealPath);

/** a place a client looks: one socket, or a directory of `*.control` sockets */
export type ControlPlace = {readonly kind: 'socket'; readonly path: string} | {readonly kind: 'directory'; readonly path: string};

// where a client looks for running emperors, in order: systemd's runtime directory, the shipped unit's paths, the
// directories an emperor of this user picks with or without a login session, and root's (to say it needs sudo)
export const controlPlaces = (env: NodeJS.ProcessEnv, uid: number): ControlPlace[] => {
	// the shipped unit run by `systemd --user` gets its RuntimeDirectory=uwsgi in $XDG_RUNTIME_DIR
	const userService = uid !== 0 && env.XDG_RUNTIME_DIR?.startsWith('/') ? join(env.XDG_RUNTIME_DIR, 'uwsgi', SYSTEMD_CONTROL_NAME) : undefined;
	const sockets = [systemdControlPath(env), SYSTEMD_CONTROL_PATH, userService].filter(path => path !== undefined);
	const directories = [chooseControlDirectory(env, uid).path];
	if (uid !== 0) directories.push(chooseControlDirectory({XDG_RUNTIME_DIR: `/run/user/${uid}`}, uid).path, chooseControlDirectory({}, uid).path, chooseControlDirectory({}, 0).path);
	const places: ControlPlace[] = [
		...sockets.map(path => ({kind: 'socket', path}) as const),
		...directories.map(path => ({kind: 'directory', path}) as const),
	];
	return places.filter((place, index) => places.findIndex(other => other.path === place.path) === index);
};
