import {realpath} from 'node:fs/promises';
import {chooseControlDirectory, defaultControlPath, systemdControlPath} from './control-path.js';
import {prepareControlDirectory, removeStaleSockets} from './control-directory.js';

export type DefaultControl = {readonly path: string; readonly staleRemoved: readonly string[]};

// picks and prepares the control socket of an emperor started without --control: systemd's runtime directory,
// else a socket named after the vassal directory in this user's control directory (swept of dead emperors' sockets)
export const prepareDefaultControl = async (vassalsDir: string, env: NodeJS.ProcessEnv, uid: number): Promise<DefaultControl> => {
	const systemd = systemdControlPath(env);
	if (systemd !== undefined) return {path: systemd, staleRemoved: []};
	const directory = chooseControlDirectory(env, uid);
	await prepareControlDirectory(directory, uid);
	const staleRemoved = await removeStaleSockets(directory.path, uid);
	return {path: defaultControlPath(env, uid, await realpath(vassalsDir)), staleRemoved};
};
