import {request} from 'node:http';
import {setTimeout as delay} from 'node:timers/promises';

export type HttpTarget = {port: number; host?: string} | {socketPath: string};
export type HttpResponse = {status: number; body: string; headers: Record<string, string | string[] | undefined>};

// errors that mean "nobody answers yet" rather than "the server answered badly"
const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOENT', 'EPIPE', 'ETIMEDOUT', 'EAGAIN']);

// tells whether an error from httpGet means the server could not be reached
export const isConnectionError = (error: unknown): boolean =>
	error instanceof Error && CONNECTION_ERRORS.has((error as NodeJS.ErrnoException).code ?? '');

// describes a target for messages: 127.0.0.1:8080 or unix:/path.sock
export const describeTarget = (target: HttpTarget): string =>
	'socketPath' in target ? `unix:${target.socketPath}` : `${target.host ?? '127.0.0.1'}:${target.port}`;

// sends one GET over TCP or a unix socket, on a fresh connection (no keep-alive), and reads the whole body
export const httpGet = (target: HttpTarget, path = '/', timeoutMs = 5_000): Promise<HttpResponse> =>
	new Promise((resolve, reject) => {
		const where = 'socketPath' in target ? {socketPath: target.socketPath} : {host: target.host ?? '127.0.0.1', port: target.port};
		const outgoing = request({...where, path, method: 'GET', agent: false, headers: {host: 'localhost'}}, function onResponse(response) {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('error', reject);
			response.on('end', () => resolve({status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: response.headers}));
		});
		outgoing.setTimeout(timeoutMs, () => {
			outgoing.destroy(Object.assign(new Error(`GET ${describeTarget(target)}${path} timed out after ${timeoutMs} ms`), {code: 'ETIMEDOUT'}));
		});
		outgoing.on('error', reject);
		outgoing.end();
	});

export type WaitForHttpOptions = {
	path?: string;
	timeoutMs?: number;
	intervalMs?: number;
	/** keep retrying until a response satisfies this (default: any response) */
	until?: (response: HttpResponse) => boolean;
};

// retries httpGet on connection errors (and on responses failing `until`) until the deadline
export const waitForHttp = async (target: HttpTarget, options: WaitForHttpOptions = {}): Promise<HttpResponse> => {
	const {path = '/', timeoutMs = 20_000, intervalMs = 20, until = () => true} = options;
	const deadline = Date.now() + timeoutMs;
	let last: string = 'no attempt';
	for (;;) {
		try {
			const response = await httpGet(target, path, Math.max(1, Math.min(5_000, deadline - Date.now())));
			if (until(response)) return response;
			last = `HTTP ${response.status} ${response.body.slice(0, 200)}`;
		} catch (error) {
			if (!isConnectionError(error)) throw error;
			last = String(error);
		}
		if (Date.now() >= deadline) throw new Error(`${describeTarget(target)}${path} did not answer as expected within ${timeoutMs} ms; last: ${last}`);
		await delay(intervalMs);
	}
};
