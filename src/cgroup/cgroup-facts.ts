// what the emperor reads about cgroups: its own cgroup in /proc/self/cgroup, the controllers a cgroup offers; pure

/** the cgroup2 file system, where the emperor's own cgroup and its vassals' live */
export const CGROUP_ROOT = '/sys/fs/cgroup';

/** the controllers the emperor enables for its vassals, where its cgroup offers them */
export const WANTED_CONTROLLERS = ['memory', 'cpu', 'pids'] as const;

// the cgroup2 path of /proc/PID/cgroup (its `0::/path` line), or undefined on a cgroup v1-only system
export const parseOwnCgroup = (text: string): string | undefined => {
	const line = text.split('\n').find(entry => entry.startsWith('0::'));
	return line === undefined ? undefined : line.slice(3).trim();
};

// the controllers of a cgroup.controllers file
export const parseControllers = (text: string): string[] => text.split(/\s+/).filter(Boolean).map(name => name.replace(/^\+/, ''));

// the `+memory +cpu` line that enables for children the wanted controllers the cgroup offers
export const planSubtreeControl = (available: readonly string[]): string =>
	WANTED_CONTROLLERS.filter(controller => available.includes(controller)).map(controller => `+${controller}`).join(' ');

// the name of a vassal's cgroup under the emperor's: vassal-<its safe identifier>
export const vassalCgroupName = (identifier: string): string => `vassal-${identifier}`;
