import {chownSync, statSync, unlinkSync} from 'node:fs';
import type {ListenPlan} from './listen-plan.js';
import type {NativeWatch, OnDemandNative} from './native-socket.js';

/** a listening socket the emperor holds for a vassal: watched while the vassal sleeps, handed to it as fd 0 */
export type OnDemandSocket = {
	readonly plan: ListenPlan;
	/** the emperor's copy; a vassal gets it as its stdin */
	readonly fd: number;
	/** calls onDemand once, when a connection is pending; a pending connection calls back at once */
	watch: (onDemand: () => void) => void;
	unwatch: () => void;
	/** stops watching, closes the emperor's copy, and removes a unix path that is still this socket */
	close: () => void;
};

const inodeOf = (path: string): number | undefined => {
	try {
		return statSync(path).ino;
	} catch {
		return undefined;
	}
};

// the socket file is removed only while it is still ours: another process may have bound the path since
const removeIfOurs = (path: string, inode: number | undefined) => {
	if (inode === undefined || inodeOf(path) !== inode) return;
	try {
		unlinkSync(path);
	} catch {}
};

// the watching every held socket shares; release runs once, on the first close
const watchSocket = (plan: ListenPlan, fd: number, native: OnDemandNative, release: () => void): OnDemandSocket => {
	let current: NativeWatch | undefined;
	let isClosed = false;
	const unwatch = () => {
		if (current !== undefined) native.unwatch(current);
		current = undefined;
	};
	return {
		plan,
		fd,
		watch(onDemand) {
			if (isClosed || current !== undefined) return;
			current = native.watchReadable(fd, function onPendingConnection() {
				current = undefined;
				onDemand();
			});
		},
		unwatch,
		close() {
			if (isClosed) return;
			isClosed = true;
			unwatch();
			release();
		},
	};
};

// binds and listens (unix: unlink first, then the plan's mode and owner); throws the syscall's error with its code
export const openOnDemandSocket = (plan: ListenPlan, native: OnDemandNative): OnDemandSocket => {
	const {address, backlog} = plan;
	const fd = address.kind === 'unix' ? native.listenUnix(address.path, plan.mode, backlog) : native.listenTcp(address.host, address.port, backlog);
	const path = address.kind === 'unix' ? address.path : undefined;
	let inode: number | undefined;
	if (path !== undefined) {
		try {
			if (plan.owner !== undefined) chownSync(path, plan.owner.uid, plan.owner.gid);
			inode = statSync(path).ino;
		} catch (error) {
			native.closeFd(fd);
			removeIfOurs(path, inodeOf(path));
			throw error;
		}
	}
	return watchSocket(plan, fd, native, () => {
		native.closeFd(fd);
		if (path !== undefined) removeIfOurs(path, inode);
	});
};

// a socket systemd bound and passed: watched and handed over like a bound one, but closing it only stops the
// watch; the fd and the socket file stay, since systemd owns them and a vassal that comes back adopts it again
export const adoptPassedSocket = (plan: ListenPlan, fd: number, native: OnDemandNative): OnDemandSocket =>
	watchSocket(plan, fd, native, () => {});
