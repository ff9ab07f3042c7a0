import {after} from 'node:test';
import type {HttpResponse} from './http.js';

/** at: epoch ms the request was sent; milliseconds: how long until it completed or failed */
export type RequestResult = {at: number; milliseconds: number; response?: HttpResponse; error?: string};
type Waiter = {isDone: () => RequestResult | undefined; resolve: (result: RequestResult) => void};

export type RequestLoop = {
	results: RequestResult[];
	/** resolves once at least `count` requests have completed (failed or not) */
	waitForResponses: (count: number, timeoutMs?: number) => Promise<void>;
	/** resolves with the first successful response matching the predicate */
	waitForResponse: (predicate: (response: HttpResponse) => boolean, timeoutMs?: number) => Promise<RequestResult>;
	stop: () => Promise<RequestResult[]>;
};

// sends one request after another until stopped (at the latest when the test ends), recording every outcome
export const startRequestLoop = (send: () => Promise<HttpResponse>): RequestLoop => {
	const results: RequestResult[] = [];
	const waiters = new Set<Waiter>();
	let isStopping = false;
	const record = (result: RequestResult) => {
		results.push(result);
		for (const waiter of waiters) {
			const done = waiter.isDone();
			if (done !== undefined) {
				waiters.delete(waiter);
				waiter.resolve(done);
			}
		}
	};
	const running = (async function sendRequests() {
		while (!isStopping) {
			const startedAt = performance.now();
			const at = Date.now();
			try {
				const response = await send();
				record({at, milliseconds: performance.now() - startedAt, response});
			} catch (error) {
				record({at, milliseconds: performance.now() - startedAt, error: String(error)});
			}
		}
	})();
	const waitFor = (isDone: () => RequestResult | undefined, what: string, timeoutMs: number) => {
		const done = isDone();
		if (done !== undefined) return Promise.resolve(done);
		return new Promise<RequestResult>((resolve, reject) => {
			const timer = setTimeout(() => {
				waiters.delete(waiter);
				reject(new Error(`request loop: ${what} not seen within ${timeoutMs} ms after ${results.length} requests; last: ${JSON.stringify(results.at(-1))}`));
			}, timeoutMs);
			const waiter: Waiter = {isDone, resolve: result => {
				clearTimeout(timer);
				resolve(result);
			}};
			waiters.add(waiter);
		});
	};
	const stop = async () => {
		isStopping = true;
		await running;
		return results;
	};
	after(stop);
	return {
		results,
		waitForResponses: async (count, timeoutMs = 30_000) => {
			await waitFor(() => (results.length >= count ? results.at(-1) : undefined), `${count} requests`, timeoutMs);
		},
		waitForResponse: (predicate, timeoutMs = 30_000) =>
			waitFor(() => results.find(result => result.response !== undefined && predicate(result.response)), 'a matching response', timeoutMs),
		stop,
	};
};
