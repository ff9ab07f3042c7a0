import {isSameListenPlan, type ListenPlan} from './listen-plan.js';
import {loadOnDemandNative, type NativeLoad} from './native-socket.js';
import {adoptPassedSocket, openOnDemandSocket, type OnDemandSocket} from './on-demand-socket.js';

/** the on-demand socket one vassal holds: bound while its file names it, watched while the vassal sleeps */
export type SocketHolder = {
	/** the emperor's fd of the bound socket, if any */
	readonly fd: () => number | undefined;
	/** binds the plan, keeping a socket bound with the same settings; an error message when it cannot */
	listen: (plan: ListenPlan | undefined) => string | undefined;
	/** watches the socket while the vassal is dormant (onDemand is called once per pending connection), otherwise not */
	sync: (isDormant: boolean, onDemand: () => void) => void;
	/** unwatches, closes the emperor's copy and removes the socket file (a socket systemd passed stays open and in place) */
	close: () => void;
};

// why a socket could not be bound, in one line: `bind /run/app.sock: Permission denied`
const describeFailure = (error: unknown): string => (error instanceof Error ? error.message : String(error));

// one holder per vassal; the addon is loaded on the first bind, so an emperor without on-demand vassals never needs it
export const makeSocketHolder = (load: () => NativeLoad = loadOnDemandNative): SocketHolder => {
	let socket: OnDemandSocket | undefined;
	const close = () => {
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
		close,
	};
};
