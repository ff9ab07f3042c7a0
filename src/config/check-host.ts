import {join} from 'node:path';
import type {ConfigIssue} from './config-issue.js';
import type {HostFacts} from './host-facts.js';
import type {HostRequirement} from './host-requirements.js';

const ROLE_CONSEQUENCE = {
	chdir: 'uWSGI exits at start-up',
	'wsgi-file': 'uWSGI loads no app',
	mount: 'uWSGI mounts no app there',
	virtualenv: 'Python cannot start',
} as const;

// the issue for one requirement this machine does not meet, or undefined
const checkRequirement = (requirement: HostRequirement, facts: HostFacts, file: string): ConfigIssue | undefined => {
	const issue = (code: string, message: string, severity: ConfigIssue['severity'] = 'error'): ConfigIssue =>
		({file, line: requirement.line, key: requirement.key, code, severity, message});
	switch (requirement.kind) {
		case 'directory': case 'file': {
			const kind = facts.paths.get(requirement.path);
			if (kind === undefined || kind === requirement.kind) return undefined;
			const problem = kind === 'missing' ? 'does not exist' : `is not a ${requirement.kind}`;
			return issue('VASSAL_PATH_MISSING', `${requirement.kind} ${requirement.path} ${problem}: ${ROLE_CONSEQUENCE[requirement.role]}`);
		}
		case 'socket-directory': {
			const kind = facts.paths.get(requirement.path);
			if (kind === undefined || kind === 'directory') return undefined;
			return issue('VASSAL_SOCKET_DIRECTORY_MISSING', `directory ${requirement.path} of the unix socket ${requirement.socket} ${kind === 'missing' ? 'does not exist' : 'is not a directory'}: uWSGI cannot bind it`);
		}
		case 'user':
			return facts.users === undefined || facts.users.has(requirement.name) ? undefined
				: issue('VASSAL_USER_UNKNOWN', `user ${JSON.stringify(requirement.name)} does not exist on this machine: uWSGI exits at start-up`);
		case 'group':
			return facts.groups === undefined || facts.groups.has(requirement.name) ? undefined
				: issue('VASSAL_GROUP_UNKNOWN', `group ${JSON.stringify(requirement.name)} does not exist on this machine: uWSGI exits at start-up`);
		case 'listen':
			// core/socket.c: "Listen queue size is greater than the system max net.core.somaxconn", then no socket
			return facts.somaxconn === undefined || requirement.value <= facts.somaxconn ? undefined
				: issue('VASSAL_LISTEN_TOO_LARGE', `expected at most net.core.somaxconn (${facts.somaxconn}), found ${requirement.value}: uWSGI cannot bind its sockets`);
		case 'plugin': {
			const name = requirement.name.replace(/_plugin(\.so)?$/, '');
			if (facts.plugins === undefined || name.includes('/') || facts.plugins.names.has(name)) return undefined;
			return issue('VASSAL_PLUGIN_MISSING', `plugin ${JSON.stringify(name)} is not installed (no ${join(facts.plugins.directory, `${name}_plugin.so`)}): uWSGI starts without it`, 'warning');
		}
	}
};

// checks a vassal's requirements against the facts of this machine; a missing chdir is reported once, not again
// for every path inside it
export const checkHost = (requirements: readonly HostRequirement[], facts: HostFacts, file: string): ConfigIssue[] => {
	const missingChdir = requirements.find(requirement => requirement.kind === 'directory' && requirement.role === 'chdir' && facts.paths.get(requirement.path) === 'missing');
	const isInsideMissingChdir = (requirement: HostRequirement) => missingChdir !== undefined && requirement !== missingChdir
		&& 'path' in requirement && requirement.path.startsWith(`${(missingChdir as {path: string}).path}/`);
	return requirements.flatMap(requirement => (isInsideMissingChdir(requirement) ? [] : checkRequirement(requirement, facts, file) ?? []));
};
