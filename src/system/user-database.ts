import {readFileSync} from 'node:fs';

export type UserEntry = {readonly name: string; readonly uid: number; readonly gid: number | undefined};
export type GroupEntry = {readonly name: string; readonly gid: number};

export type UserDatabase = {
	/** a user by name or number; a number with no passwd entry is still a valid uid */
	findUser: (nameOrId: string | number) => UserEntry | undefined;
	/** a group by name or number; a number with no group entry is still a valid gid */
	findGroup: (nameOrId: string | number) => GroupEntry | undefined;
	/** the name of a uid, when it has one */
	nameOfUid: (uid: number) => string | undefined;
};

const isNumeric = (value: string) => /^\d+$/.test(value);

// the name:x:uid:gid:… lines of /etc/passwd
export const parsePasswd = (text: string): UserEntry[] =>
	text.split('\n').map(line => line.split(':')).filter(fields => fields.length >= 4 && isNumeric(fields[2]!))
		.map(fields => ({name: fields[0]!, uid: Number(fields[2]), gid: Number(fields[3])}));

// the name:x:gid:… lines of /etc/group
export const parseGroup = (text: string): GroupEntry[] =>
	text.split('\n').map(line => line.split(':')).filter(fields => fields.length >= 3 && isNumeric(fields[2]!))
		.map(fields => ({name: fields[0]!, gid: Number(fields[2])}));

// a database over parsed passwd and group entries
export const makeUserDatabase = (users: readonly UserEntry[], groups: readonly GroupEntry[]): UserDatabase => ({
	findUser(nameOrId) {
		const text = String(nameOrId).trim();
		if (isNumeric(text)) return users.find(user => user.uid === Number(text)) ?? {name: text, uid: Number(text), gid: undefined};
		return users.find(user => user.name === text);
	},
	findGroup(nameOrId) {
		const text = String(nameOrId).trim();
		if (isNumeric(text)) return groups.find(group => group.gid === Number(text)) ?? {name: text, gid: Number(text)};
		return groups.find(group => group.name === text);
	},
	nameOfUid: uid => users.find(user => user.uid === uid)?.name,
});

const readOrEmpty = (path: string) => {
	try {
		return readFileSync(path, 'utf8');
	} catch {
		return '';
	}
};

// this machine's users and groups, read from /etc/passwd and /etc/group
export const loadUserDatabase = (root = '/etc'): UserDatabase =>
	makeUserDatabase(parsePasswd(readOrEmpty(`${root}/passwd`)), parseGroup(readOrEmpty(`${root}/group`)));
