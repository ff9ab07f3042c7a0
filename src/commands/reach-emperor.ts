import {realpath} from 'node:fs/promises';
import {resolve} from 'node:path';
import {controlPlaces} from '../control/control-path.js';
import {findEmperors} from '../control/find-emperors.js';
import {chooseEmperor} from './choose-emperor.js';

export type Reached = {readonly ok: true; readonly path: string; readonly document?: unknown} | {readonly ok: false; readonly message: string};

// the control socket a command talks to: the one --control names, else the one running emperor found (the one
// governing --vassals DIR when several run), with the stats document it answered
export const reachEmperor = async (target: {control?: string; vassals?: string}): Promise<Reached> => {
	if (target.control !== undefined) return {ok: true, path: target.control};
	const uid = process.getuid?.() ?? 0;
	const search = await findEmperors(controlPlaces(process.env, uid), uid);
	const vassals = target.vassals === undefined ? undefined : await realpath(resolve(target.vassals)).catch(() => resolve(target.vassals!));
	const choice = chooseEmperor(search, vassals);
	return choice.ok ? {ok: true, path: choice.emperor.path, document: choice.emperor.document} : choice;
};
