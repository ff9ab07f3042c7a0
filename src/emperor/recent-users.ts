// /etc/passwd and /etc/group, read at most once a second for the magic table's facts
import {loadUserDatabase, type UserDatabase} from '../system/user-database.js';

let readUsers: {readonly at: number; readonly database: UserDatabase} | undefined;

// the user database as read within the last second: 1000 files landing at once read it once, not once per file
// (~4 % of the emperor's CPU per spawn)
export const loadRecentUserDatabase = (): UserDatabase => {
	const now = Date.now();
	if (readUsers === undefined || now - readUsers.at >= 1000) readUsers = {at: now, database: loadUserDatabase()};
	return readUsers.database;
};
