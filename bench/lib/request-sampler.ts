// a request every PAUSE_MS on a unix socket, each outcome kept: what a deploy or a restart costs the requests
import {httpGet} from '../../test/helpers/http.js';
import {readVersion} from '../../test/helpers/uwsgi-vassal.js';
import {pollUntil, waitFor} from './poll.js';

export type RequestSample = {readonly at: number; readonly ms: number; readonly version?: string; readonly failed: boolean};

// sends a GET, pauses pauseMs, again, until stopped; keeps when each was sent, how long it took and the app's version
export const startRequestSampler = (socketPath: string, pauseMs: number) => {
	const samples: RequestSample[] = [];
	let isStopping = false;
	const running = (async () => {
		while (!isStopping) {
			const at = Date.now();
			const startedAt = performance.now();
			try {
				const response = await httpGet({socketPath}, '/', 30_000);
				samples.push({at, ms: performance.now() - startedAt, version: readVersion(response.body), failed: response.status !== 200});
			} catch {
				samples.push({at, ms: performance.now() - startedAt, failed: true});
			}
			await waitFor(pauseMs);
		}
	})();
	return {samples, stop: async () => {
		isStopping = true;
		await running;
	}};
};

// resolves once the socket answers 200 (polled every 20 ms: nothing tells when an app server is up)
export const waitForFirstAnswer = (socketPath: string, what: string) => pollUntil(what, async () => {
	const response = await httpGet({socketPath}, '/', 1000).catch(() => undefined);
	return response?.status === 200 ? true : undefined;
}, {timeoutMs: 60_000, intervalMs: 20});

// resolves with the first sample answered by this version of the app
export const waitForVersion = (samples: readonly RequestSample[], version: string) =>
	pollUntil(`version ${version}`, () => samples.find(sample => sample.version === version), {timeoutMs: 60_000, intervalMs: 10});
