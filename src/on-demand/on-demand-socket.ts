import {chownSync, renameSync, statSync, unlinkSync} from 'node:fs';
import {basename, dirname, join} from 'node:path';
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

// binds and listens at the plan's address, a unix one at unixPath if given (unlink first, then the plan's mode and
// owner); throws the syscall's error with its code
const bindPlan = (plan: ListenPlan, native: OnDemandNative, unixPath?: string): {fd: number; inode: number | undefined} => {
	const {address, backlog} = plan;
	const path = address.kind === 'unix' ? unixPath ?? address.path : undefined;
	const fd = address.kind === 'tcp' ? native.listenTcp(address.host, address.port, backlog) : native.listenUnix(path!, plan.mode, backlog);
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
	return {fd, inode};
};

// a socket of the plan's, bound at a path, whose close removes the path that is still this socket
const holdAt = (plan: ListenPlan, native: OnDemandNative, {fd, inode}: {fd: number; inode: number | undefined}, path: string | undefined): OnDemandSocket =>
	watchSocket(plan, fd, native, () => {
		native.closeFd(fd);
		if (path !== undefined) removeIfOurs(path, inode);
	});

// binds and listens (unix: unlink first, then the plan's mode and owner); throws the syscall's error with its code
export const openOnDemandSocket = (plan: ListenPlan, native: OnDemandNative): OnDemandSocket => {
	const path = plan.address.kind === 'unix' ? plan.address.path : undefined;
	return holdAt(plan, native, bindPlan(plan, native), path);
};

/** a unix socket bound beside the plan's path for a new generation; it takes the path once that generation serves */
export type SuccessorSocket = {
	readonly fd: number;
	/** renames it over the plan's path (new connections reach it from now on) and holds it as the vassal's socket */
	takePath: () => OnDemandSocket;
	/** closes it and removes its side path */
	discard: () => void;
};

// the longest path a unix socket address holds (sun_path, with its NUL)
const MAX_SOCKET_PATH = 107;

// the side path of a new generation's socket: .NAME.next beside NAME; undefined when it would not fit in sun_path
export const successorPathOf = (path: string): string | undefined => {
	const side = join(dirname(path), `.${basename(path)}.next`);
	return Buffer.byteLength(side) <= MAX_SOCKET_PATH ? side : undefined;
};

// binds a new generation's socket beside a unix plan's path; undefined for a TCP plan or a path too long
export const openSuccessorSocket = (plan: ListenPlan, native: OnDemandNative): SuccessorSocket | undefined => {
	if (plan.address.kind !== 'unix') return undefined;
	const {path} = plan.address;
	const side = successorPathOf(path);
	if (side === undefined) return undefined;
	const bound = bindPlan(plan, native, side);
	return {
		fd: bound.fd,
		takePath() {
			renameSync(side, path);
			return holdAt(plan, native, bound, path);
		},
		discard() {
			native.closeFd(bound.fd);
			removeIfOurs(side, bound.inode);
		},
	};
};

// a socket systemd bound and passed: watched and handed over like a bound one, but closing it only stops the
// watch; the fd and the socket file stay, since systemd owns them and a vassal that comes back adopts it again
export const adoptPassedSocket = (plan: ListenPlan, fd: number, native: OnDemandNative): OnDemandSocket =>
	watchSocket(plan, fd, native, () => {});
