import {readFile, stat} from 'node:fs/promises';
import {cpus, hostname, userInfo} from 'node:os';
import {join} from 'node:path';
import type {MagicContext} from './magic-variables.js';
import {UWSGI_OPTIONS_VERSION} from './uwsgi-options.js';

// the name of a group id in /etc/group, or the id itself (as uWSGI's %G falls back to %g)
const readGroupName = async (gid: number): Promise<string> => {
	const text = await readFile('/etc/group', 'utf8').catch(() => '');
	const line = text.split('\n').find(candidate => candidate.split(':')[2] === String(gid));
	return line?.split(':')[0] ?? String(gid);
};

// what uWSGI would put in its magic table for this vassal, run by this emperor from the vassals directory
// (%k: uWSGI counts online CPUs, as os.cpus() does, not the ones this process may use)
export const readMagicContext = async (directory: string, name: string, binaryPath = 'uwsgi'): Promise<MagicContext> => {
	const path = join(directory, name);
	const uid = process.getuid?.() ?? 0;
	const gid = process.getgid?.() ?? 0;
	const [inode, group] = await Promise.all([stat(path).then(stats => stats.ino, () => undefined), readGroupName(gid)]);
	let user = String(uid);
	try {
		user = userInfo().username;
	} catch {
		// no passwd entry for this uid: uWSGI's %U falls back to the number too
	}
	return {
		path, argument: name, cwd: directory, hostname: hostname(), cpus: cpus().length,
		uid, user, gid, group, inode, binaryPath, version: UWSGI_OPTIONS_VERSION, now: Date.now() / 1000,
	};
};
