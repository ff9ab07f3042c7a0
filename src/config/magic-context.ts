import {readFile, stat} from 'node:fs/promises';
import {cpus, hostname, userInfo} from 'node:os';
import {resolve} from 'node:path';
import type {MagicContext} from './magic-variables.js';
import {UWSGI_OPTIONS_VERSION} from './uwsgi-options.js';

// the name of a group id in /etc/group, or the id itself (as uWSGI's %G falls back to %g)
const readGroupName = async (gid: number): Promise<string> => {
	const text = await readFile('/etc/group', 'utf8').catch(() => '');
	const line = text.split('\n').find(candidate => candidate.split(':')[2] === String(gid));
	return line?.split(':')[0] ?? String(gid);
};

type ProcessFacts = {readonly uid: number; readonly gid: number; readonly user: string; readonly group: string; readonly hostname: string; readonly cpus: number};

// os.cpus() reads /proc/cpuinfo and /proc/stat (~3 ms), the user and group names come from the passwd and group
// databases: the same for every vassal read within this long, so that 1000 files landing at once read them once
const PROCESS_FACTS_TTL_MS = 1000;
let cachedFacts: {readonly at: number; readonly facts: Promise<ProcessFacts>} | undefined;

// the emperor's own uid, gid, their names, hostname and CPU count, read at most once per PROCESS_FACTS_TTL_MS
const readProcessFacts = (): Promise<ProcessFacts> => {
	const now = Date.now();
	if (cachedFacts !== undefined && now - cachedFacts.at < PROCESS_FACTS_TTL_MS) return cachedFacts.facts;
	const uid = process.getuid?.() ?? 0;
	const gid = process.getgid?.() ?? 0;
	let user = String(uid);
	try {
		user = userInfo().username;
	} catch {
		// no passwd entry for this uid: uWSGI's %U falls back to the number too
	}
	const facts = readGroupName(gid).then(group => ({uid, gid, user, group, hostname: hostname(), cpus: cpus().length}));
	cachedFacts = {at: now, facts};
	return facts;
};

// what uWSGI would put in its magic table for this vassal, run by this emperor from the vassals directory
// (%k: uWSGI counts online CPUs, as os.cpus() does, not the ones this process may use)
export const readMagicContext = async (directory: string, name: string, binaryPath = 'uwsgi'): Promise<MagicContext> => {
	// resolve, not join: a glob vassal's name is its path, absolute or relative to the directory
	const path = resolve(directory, name);
	const [inode, facts] = await Promise.all([stat(path).then(stats => stats.ino, () => undefined), readProcessFacts()]);
	return {path, argument: name, cwd: directory, ...facts, inode, binaryPath, version: UWSGI_OPTIONS_VERSION, now: Date.now() / 1000};
};
