// lets at most `limit` file applications (read, validate, spawn) run at once: when a thousand files land together,
// the event loop still turns between spawns (each fork+exec blocks it for a few ms) instead of stalling for seconds
export const makeApplyGate = (limit: number) => {
	let running = 0;
	const waiting: (() => void)[] = [];
	const release = () => {
		running--;
		waiting.shift()?.();
	};
	// runs task once a place is free; the place is freed when the task settles
	return async <T>(task: () => Promise<T>): Promise<T> => {
		if (running >= limit) await new Promise<void>(resolve => waiting.push(resolve));
		running++;
		try {
			return await task();
		} finally {
			// hand the place over on the next turn, so timers and I/O run between two applications
			setImmediate(release);
		}
	};
};
