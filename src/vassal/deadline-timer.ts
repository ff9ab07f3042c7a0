// one timer per vassal, armed for the earliest of its deadlines (s6 style)
export class DeadlineTimer {
	#timer: NodeJS.Timeout | undefined;
	#armedAt: number | undefined;
	readonly #onDeadline: () => void;
	readonly #now: () => number;

	constructor(onDeadline: () => void, now: () => number) {
		this.#onDeadline = onDeadline;
		this.#now = now;
	}

	// arms the timer for this time (epoch ms), or clears it; an unchanged time keeps the timer as it is
	sync(at: number | undefined): void {
		if (at === this.#armedAt) return;
		this.clear();
		this.#armedAt = at;
		if (at === undefined) return;
		this.#timer = setTimeout(function onVassalDeadline(this: DeadlineTimer) {
			this.#timer = undefined;
			this.#armedAt = undefined;
			this.#onDeadline();
		}.bind(this), Math.max(0, at - this.#now()));
	}

	// clears the timer
	clear(): void {
		clearTimeout(this.#timer);
		this.#timer = undefined;
		this.#armedAt = undefined;
	}
}
