// libpq's password file (~/.pgpass, or PGPASSFILE / passfile=): `hostname:port:database:username:password` lines,
// `*` matching anything, `\:` and `\\` escaped, the first matching line winning; a file that group or others can
// read is ignored, as libpq ignores it
import {readFile, stat} from 'node:fs/promises';

export type PgpassTarget = {readonly host: string; readonly port: string; readonly database: string; readonly user: string};

// a line's five fields, with \: and \\ read as : and \
const splitFields = (line: string): string[] => {
	const fields: string[] = [''];
	for (let index = 0; index < line.length; index++) {
		const character = line[index]!;
		const last = fields.length - 1;
		if (character === '\\' && index + 1 < line.length) fields[last] += line[++index]!;
		else if (character === ':' && fields.length < 5) fields.push('');
		else fields[last] += character;
	}
	return fields;
};

// a unix socket connection matches a line for `localhost` too, as in libpq
const hostMatches = (pattern: string, host: string) => pattern === '*' || pattern === host || (host.startsWith('/') && pattern === 'localhost');

// the password of the first line matching the target, from the file's text
export const findPgpassPassword = (text: string, target: PgpassTarget): string | undefined => {
	for (const raw of text.split('\n')) {
		const line = raw.replace(/\r$/, '');
		if (line.trim() === '' || line.startsWith('#')) continue;
		const fields = splitFields(line);
		if (fields.length < 5) continue;
		const [host, port, database, user, password] = fields as [string, string, string, string, string];
		const matches = (pattern: string, value: string) => pattern === '*' || pattern === value;
		if (hostMatches(host, target.host) && matches(port, target.port) && matches(database, target.database) && matches(user, target.user)) return password;
	}
	return undefined;
};

export type PgpassLookup = {readonly password?: string; readonly warning?: string};

// reads the password file and finds the target's password; a missing file is no password, never an error
export const lookUpPgpass = async (path: string, target: PgpassTarget): Promise<PgpassLookup> => {
	try {
		const stats = await stat(path);
		if (!stats.isFile()) return {warning: `password file ${path} is not a plain file: ignored`};
		if ((stats.mode & 0o077) !== 0) return {warning: `password file ${path} has group or world access (mode ${(stats.mode & 0o777).toString(8)}): ignored, as libpq ignores it; chmod 0600 it`};
		return {password: findPgpassPassword(await readFile(path, 'utf8'), target)};
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		return code === 'ENOENT' ? {} : {warning: `password file ${path} cannot be read (${code})`};
	}
};
