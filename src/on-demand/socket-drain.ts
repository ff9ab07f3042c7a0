// an old generation's socket, emptied before that generation is told to stop
import type {OnDemandSocket} from './on-demand-socket.js';

/** no connection pending for this long: the old generation has taken (and read) what was queued for it */
export const DRAIN_QUIET_MS = 50;
/** an old generation that does not empty its queue by then is stopped anyway */
export const DRAIN_MAX_MS = 5000;

// calls done once the socket (which no new connection reaches any more) has had no pending connection for
// quietMs, or after maxMs; then closes the emperor's copy. Returns a function that ends the wait at once.
export const drainSocket = (socket: OnDemandSocket, done: () => void, quietMs = DRAIN_QUIET_MS, maxMs = DRAIN_MAX_MS): (() => void) => {
	const deadline = Date.now() + maxMs;
	let timer: NodeJS.Timeout | undefined;
	let isDone = false;
	const finish = () => {
		if (isDone) return;
		isDone = true;
		clearTimeout(timer);
		socket.close();
		done();
	};
	const arm = () => {
		if (isDone) return;
		if (Date.now() >= deadline) return finish();
		timer = setTimeout(finish, quietMs);
		// a pending connection: the old generation has yet to take it; look again shortly
		socket.watch(() => {
			clearTimeout(timer);
			timer = setTimeout(arm, 5);
		});
	};
	arm();
	return finish;
};
