// the readable-watch part of the native addon (src/on-demand/native-socket.ts), injected so this module stands alone
export type ReadableWatcher<Watch> = {
	watchReadable: (fd: number, callback: () => void) => Watch;
	unwatch: (watch: Watch) => void;
};

export type ConnectionWatch = {
	/** a connection became pending on the socket since the watch was armed */
	hasFired: () => boolean;
	/** stops watching; nothing once it fired */
	disarm: () => void;
};

// arms a one-shot watch on a held listening socket: it fires on the next pending connection, then costs nothing until armed again
// the program that serves the socket races the emperor for each connection: measured, the watch saw about half of the connections a Node server accepted (47/100 unix, 44/100 TCP), so it is a hint that a connection came, never a count
export const armConnectionWatch = <Watch>(watcher: ReadableWatcher<Watch>, fd: number): ConnectionWatch => {
	let isFired = false;
	let isDisarmed = false;
	const watch = watcher.watchReadable(fd, function onConnectionPending() {
		isFired = true;
	});
	return {
		hasFired: () => isFired,
		disarm() {
			if (isFired || isDisarmed) return;
			isDisarmed = true;
			watcher.unwatch(watch);
		},
	};
};
