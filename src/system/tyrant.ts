import type {FileFingerprint} from '../monitor/file-fingerprint.js';
import type {UserDatabase} from './user-database.js';

export type Owner = {readonly uid: number; readonly gid: number};
export type TyrantDecision = {readonly ok: true; readonly owner: Owner} | {readonly ok: false; readonly code: string; readonly message: string};

const octal = (mode: number) => `0${mode.toString(8)}`;

// tyrant mode: a vassal runs as its file's owner, and a file that could give root or another user's rights is refused
export const decideTyrantOwner = (file: FileFingerprint, nofollow: boolean): TyrantDecision => {
	if (nofollow && file.isSymlink) {
		return {ok: false, code: 'TYRANT_SYMLINK', message: 'is a symlink; with --emperor-tyrant-nofollow a vassal file must be a regular file (replace the link with the file)'};
	}
	if (file.uid === 0 || file.gid === 0) {
		return {ok: false, code: 'TYRANT_ROOT_OWNED', message: `is owned by uid ${file.uid} gid ${file.gid}; tyrant mode never runs a vassal as root: chown it to the app's user and group (e.g. chown www-data:www-data FILE)`};
	}
	if ((file.mode & 0o022) !== 0) {
		const writers = [file.mode & 0o020 ? 'its group' : '', file.mode & 0o002 ? 'others' : ''].filter(Boolean).join(' and ');
		return {ok: false, code: 'TYRANT_WRITABLE', message: `is writable by ${writers} (mode ${octal(file.mode)}): whoever can write it could run code as its owner; chmod go-w FILE`};
	}
	return {ok: true, owner: {uid: file.uid, gid: file.gid}};
};

// a tyrant vassal already runs as its file's owner: a uid or gid option naming anyone else cannot work (uWSGI #1776)
export const checkTyrantUser = (options: {uid?: string | undefined; gid?: string | undefined}, owner: Owner, users: UserDatabase): string | undefined => {
	if (options.uid !== undefined) {
		const user = users.findUser(options.uid);
		if (user?.uid !== owner.uid) return `uid = ${options.uid}: in tyrant mode the vassal runs as its file's owner (uid ${owner.uid}); remove the option or chown the file`;
	}
	if (options.gid !== undefined) {
		const group = users.findGroup(options.gid);
		if (group?.gid !== owner.gid) return `gid = ${options.gid}: in tyrant mode the vassal runs as its file's group (gid ${owner.gid}); remove the option or chgrp the file`;
	}
	return undefined;
};
