import {realpath} from 'node:fs/promises';
import {chooseControlDirectory, controlPathIn, systemdControlPath} from './control-path.js';
import {prepareControlDirectory, removeStaleSockets} from './control-directory.js';

export type DefaultControl = {readonly path: string; readonly staleRemoved: readonly string[]};

// picks and prepares the control socket of an emperor started without --control: systemd's runtime directory,
// else a socket named after the vassal directory in this user's control directory (swept of dead emperors'
// sockets); an unusable $XDG_RUNTIME_DIR (another user's, kept by `su`) falls back to /tmp/emperor-UID
export const prepareDefaultControl = async (vassalsDir: string, env: NodeJS.ProcessEnv, uid: number): Promise<DefaultControl> => {
	const systemd = systemdControlPath(env);
	if (systemd !== undefined) return {path: systemd, staleRemoved: []};
	const chosen = chooseControlDirectory(env, uid);
	const fallback = chooseControlDirectory({}, uid);
	const candidates = fallback.path === chosen.path ? [chosen] : [chosen, fallback];
	const vassalsRealPath = await realpath(vassalsDir);
	let firstError: unknown;
	for (const directory of candidates) {
		try {
			await prepareControlDirectory(directory, uid);
			return {path: controlPathIn(directory.path, vassalsRealPath), staleRemoved: await removeStaleSockets(directory.path, uid)};
		} catch (error) {
			firstError ??= error;
		}
	}
	throw firstError;
};
