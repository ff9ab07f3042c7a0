import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';

export const isRoot = process.getuid?.() === 0;

// a system user (with its own group) for tests, created once per machine; returns its ids
export const ensureUser = (name: string, supplementaryGroups: string[] = []): {uid: number; gid: number} => {
	const lookup = () => execFileSync('id', ['-u', name], {stdio: ['ignore', 'pipe', 'ignore']}).toString().trim();
	try {
		lookup();
	} catch {
		execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', name]);
	}
	for (const group of supplementaryGroups) {
		try {
			execFileSync('getent', ['group', group], {stdio: 'ignore'});
		} catch {
			execFileSync('groupadd', ['--system', group]);
		}
		execFileSync('usermod', ['--append', '--groups', group, name]);
	}
	return {uid: Number(lookup()), gid: Number(execFileSync('id', ['-g', name]).toString().trim())};
};

// the gid of a group by name
export const groupId = (name: string): number => Number(execFileSync('getent', ['group', name]).toString().split(':')[2]);

export type ProcessIds = {uid: number[]; gid: number[]; groups: number[]};

// real, effective, saved and filesystem uid/gid and the supplementary groups of a live process, from /proc
export const readProcessIds = (pid: number): ProcessIds => {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const field = (name: string) => (status.match(new RegExp(`^${name}:[ \\t]*(.*)$`, 'm'))?.[1] ?? '').split(/\s+/).filter(Boolean).map(Number);
	return {uid: field('Uid'), gid: field('Gid'), groups: field('Groups')};
};
