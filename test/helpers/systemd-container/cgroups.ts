import {existsSync, mkdirSync, readdirSync, rmdirSync, statfsSync} from 'node:fs';
import {join} from 'node:path';

const CGROUP2_MAGIC = 0x63677270;

// the host's cgroup trees the container joins: name=systemd v1 and cgroup2 on a hybrid host, cgroup2 alone on a
// unified one. Without a cgroup of its own, the container's systemd would manage the caller's cgroup
const findCgroupRoots = (): string[] => {
	if (statfsSync('/sys/fs/cgroup').type === CGROUP2_MAGIC) return ['/sys/fs/cgroup'];
	return ['/sys/fs/cgroup/systemd', '/sys/fs/cgroup/unified'].filter(root => existsSync(root));
};

// creates the container's cgroup in every host tree and returns their paths
export const makeContainerCgroups = (name: string): string[] => findCgroupRoots().map(root => {
	const path = join(root, `emperor-test-${name}.scope`);
	mkdirSync(path, {recursive: true});
	return path;
});

// removes a cgroup and its (empty) sub-cgroups, deepest first; a busy one is left and reported
export const removeCgroup = (path: string): string[] => {
	if (!existsSync(path)) return [];
	const left = readdirSync(path, {withFileTypes: true}).filter(entry => entry.isDirectory())
		.flatMap(entry => removeCgroup(join(path, entry.name)));
	try {
		rmdirSync(path);
		return left;
	} catch {
		return [...left, path];
	}
};
