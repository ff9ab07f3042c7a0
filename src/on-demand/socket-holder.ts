import {isSameListenPlan, type ListenPlan} from './listen-plan.js';
import {loadOnDemandNative, type NativeLoad} from './native-socket.js';
import {adoptPassedSocket, openOnDemandSocket, openSuccessorSocket, type OnDemandSocket, type SuccessorSocket} from './on-demand-socket.js';
import {drainSocket} from './socket-drain.js';

/** the on-demand socket one vassal holds: bound while its file names it, watched while the vassal sleeps */
export type SocketHolder = {
	/** the emperor's fd of the bound socket, if any */
	readonly fd: () => number | undefined;
	/** binds the plan, keeping a socket bound with the same settings; an error message when it cannot */
	listen: (plan: ListenPlan | undefined) => string | undefined;
	/** watches the socket while the vassal is dormant (onDemand is called once per pending connection), otherwise not */
	sync: (isDormant: boolean, onDemand: () => void) => void;
	/** a socket of its own for a new generation (a unix path the emperor bound): its fd, or undefined to share the held one */
	prepareSuccessor: (generation: number) => number | undefined;
	/** the generation's own socket takes the path; the old one is drained, then closed */
	promoteSuccessor: (generation: number) => void;
	/** the generation died before it served: its own socket is closed */
	dropSuccessor: (generation: number) => void;
	/** calls back once no old socket is draining (at once when none is) */
	whenDrained: (callback: () => void) => void;
	/** unwatches, closes the emperor's copy and removes the socket file (a socket systemd passed stays open and in place) */
	close: () => void;
};

// why a socket could not be bound, in one line: `bind /run/app.sock: Permission denied`
const describeFailure = (error: unknown): string => (error instanceof Error ? error.message : String(error));

// one holder per vassal; the addon is loaded on the first bind, so an emperor without on-demand vassals never needs it
export const makeSocketHolder = (load: () => NativeLoad = loadOnDemandNative): SocketHolder => {
	let socket: OnDemandSocket | undefined;
	let successor: {readonly generation: number; readonly socket: SuccessorSocket} | undefined;
	const drains = new Set<() => void>();
	let afterDrain: Array<() => void> = [];
	const drained = () => {
		if (drains.size > 0) return;
		const callbacks = afterDrain;
		afterDrain = [];
		for (const callback of callbacks) callback();
	};
	const dropSuccessor = () => {
		successor?.socket.discard();
		successor = undefined;
	};
	const close = () => {
		dropSuccessor();
		for (const end of [...drains]) end();
		socket?.close();
		socket = undefined;
	};
	return {
		fd: () => socket?.fd,
		listen(plan) {
			if (plan === undefined) return 'no on-demand socket is configured';
			if (socket !== undefined && isSameListenPlan(socket.plan, plan)) return undefined;
			close();
			const loaded = load();
			if (!loaded.ok) return loaded.reason;
			if (plan.passedFd !== undefined) {
				socket = adoptPassedSocket(plan, plan.passedFd, loaded.native);
				return undefined;
			}
			try {
				socket = openOnDemandSocket(plan, loaded.native);
				return undefined;
			} catch (error) {
				return describeFailure(error);
			}
		},
		sync(isDormant, onDemand) {
			if (isDormant) socket?.watch(onDemand);
			else socket?.unwatch();
		},
		prepareSuccessor(generation) {
			dropSuccessor();
			const loaded = load();
			if (socket === undefined || socket.plan.passedFd !== undefined || !loaded.ok) return undefined;
			try {
				const opened = openSuccessorSocket(socket.plan, loaded.native);
				successor = opened === undefined ? undefined : {generation, socket: opened};
			} catch {
				// the side path cannot be bound: the new generation shares the held socket, as a TCP one does
			}
			return successor?.socket.fd;
		},
		promoteSuccessor(generation) {
			if (successor?.generation !== generation || socket === undefined) return;
			const old = socket;
			old.unwatch();
			try {
				socket = successor.socket.takePath();
			} catch {
				// the path could not be taken (its directory is gone): the old socket stays the vassal's, and the new
				// generation, which serves on its side socket only, is reached no better than the path itself
				successor.socket.discard();
				successor = undefined;
				return;
			}
			successor = undefined;
			const end = drainSocket(old, () => {
				drains.delete(end);
				drained();
			});
			drains.add(end);
		},
		dropSuccessor(generation) {
			if (successor?.generation === generation) dropSuccessor();
		},
		whenDrained(callback) {
			afterDrain.push(callback);
			drained();
		},
		close,
	};
};
