import type {UserDatabase} from './user-database.js';

export type PrivilegeDrop = {readonly uid: number; readonly gid: number; readonly userName: string | undefined};

// checks the emperor's own uid/gid options before anything starts: they must exist, and only root can switch
export const planPrivilegeDrop = (
	options: {uid?: string | undefined; gid?: string | undefined},
	current: {uid: number; gid: number},
	users: UserDatabase,
): {ok: true; drop: PrivilegeDrop | undefined} | {ok: false; error: string} => {
	if (options.uid === undefined && options.gid === undefined) return {ok: true, drop: undefined};
	const user = options.uid === undefined ? undefined : users.findUser(options.uid);
	if (options.uid !== undefined && user === undefined) return {ok: false, error: `uid = ${options.uid}: no such user on this machine`};
	const group = options.gid === undefined ? undefined : users.findGroup(options.gid);
	if (options.gid !== undefined && group === undefined) return {ok: false, error: `gid = ${options.gid}: no such group on this machine`};
	const uid = user?.uid ?? current.uid;
	const gid = group?.gid ?? user?.gid ?? current.gid;
	if (uid === current.uid && gid === current.gid) return {ok: true, drop: undefined};
	if (current.uid !== 0) return {ok: false, error: `cannot switch to uid ${uid} gid ${gid}: the emperor runs as uid ${current.uid}, not root`};
	return {ok: true, drop: {uid, gid, userName: user === undefined ? undefined : users.nameOfUid(uid)}};
};

// switches the emperor process to the planned user: groups first, then gid, then uid (no way back)
export const dropPrivileges = (drop: PrivilegeDrop): void => {
	// initgroups is in Node's process API on POSIX, but not in @types/node 20
	const {initgroups} = process as NodeJS.Process & {initgroups?: (user: string, extraGroup: number) => void};
	if (drop.userName !== undefined && initgroups !== undefined) initgroups(drop.userName, drop.gid);
	else process.setgroups!([drop.gid]);
	process.setgid!(drop.gid);
	process.setuid!(drop.uid);
};
