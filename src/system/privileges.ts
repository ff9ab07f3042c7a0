import type {IniSections} from '../config/parse-uwsgi-ini.js';
import type {UserDatabase} from './user-database.js';

// who this process runs as now (it may have dropped privileges since it started)
export const currentUser = (): {uid: number; gid: number} => ({uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0});

// the last value of a [uwsgi] option, as uWSGI's last-one-wins rule reads it
export const lastOptionValue = (sections: IniSections, key: string): string | undefined => {
	const value = sections.uwsgi?.[key];
	const last = Array.isArray(value) ? value.at(-1) : value;
	return typeof last === 'string' ? last : undefined;
};

// an unprivileged emperor runs every vassal as itself: a vassal asking for another user would fail, so say so now
export const checkUnprivilegedUser = (
	options: {uid?: string | undefined; gid?: string | undefined},
	emperor: {uid: number; gid: number},
	users: UserDatabase,
): string | undefined => {
	if (emperor.uid === 0) return undefined;
	if (options.uid !== undefined && users.findUser(options.uid)?.uid !== emperor.uid) {
		return `uid = ${options.uid}: the emperor runs as uid ${emperor.uid}, not root, so its vassals run as uid ${emperor.uid} and cannot switch users; run the emperor as root, or remove the option`;
	}
	if (options.gid !== undefined && users.findGroup(options.gid)?.gid !== emperor.gid) {
		return `gid = ${options.gid}: the emperor runs as gid ${emperor.gid}, not root, so its vassals cannot switch groups; run the emperor as root, or remove the option`;
	}
	return undefined;
};
