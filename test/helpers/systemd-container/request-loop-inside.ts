import {once} from 'node:events';
import {createInterface} from 'node:readline';
import {CHECKOUT} from './install-emperor.js';
import {spawnInside} from './run-inside.js';

export type UrlStats = {requests: number; failures: number; worstMs: number; errors: string[]; /** failed to connect at all (refused, no socket file) */ refused: number};

export type InsideRequestLoop = {
	/** resolves once URL answered from a worker pid other than those in EXCEPT */
	waitForNewPid: (url: string, except: Set<number>) => Promise<number>;
	pids: (url: string) => Set<number>;
	/** ends the loop and resolves with each URL's figures */
	finish: () => Promise<Record<string, UrlStats>>;
};

// runs test/fixtures/systemd/request-loop.py inside the container (its network has only lo): a GET per URL
// every 20 ms; resolves once every URL answered
export const startRequestLoopInside = async (leader: number, urls: string[]): Promise<InsideRequestLoop> => {
	const child = spawnInside(leader, ['python3', '-u', `${CHECKOUT}/test/fixtures/systemd/request-loop.py`, ...urls]);
	const seen = new Map(urls.map(url => [url, new Set<number>()]));
	const up = new Set<string>();
	let summary: Record<string, UrlStats> | undefined;
	const waiters: Array<() => void> = [];
	let stderr = '';
	child.stderr!.on('data', chunk => stderr += chunk);
	createInterface({input: child.stdout!}).on('line', line => {
		const [kind, url, pid] = line.split(' ');
		if (kind === 'up') up.add(url!);
		else if (kind === 'pid') seen.get(url!)?.add(Number(pid));
		else summary = JSON.parse(line) as Record<string, UrlStats>;
		for (const waiter of waiters.splice(0)) waiter();
	});
	const exited = once(child, 'exit');
	const until = async (done: () => boolean, what: string): Promise<void> => {
		while (!done()) {
			if (child.exitCode !== null) throw new Error(`request loop exited while waiting for ${what}: ${stderr}`);
			await Promise.race([new Promise<void>(resolve => waiters.push(resolve)), exited]);
		}
	};
	await until(() => urls.every(url => up.has(url)), 'every URL to answer');
	return {
		waitForNewPid: async (url, except) => {
			const fresh = () => [...seen.get(url)!].find(pid => !except.has(pid));
			await until(() => fresh() !== undefined, `a new worker on ${url}`);
			return fresh()!;
		},
		pids: url => new Set(seen.get(url)),
		finish: async () => {
			child.stdin!.end();
			await exited;
			if (summary === undefined) throw new Error(`request loop printed no summary: ${stderr}`);
			return summary;
		},
	};
};
