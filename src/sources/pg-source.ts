// A pg:// source: one long-lived connection that LISTENs on a channel and runs the query on every notification,
// every --emperor-freq seconds (the safety net) and at once on (re)connecting. The table is the truth and a
// notification only a wake-up: each successful read is a full reconcile (pg-rows.ts); a failed read or a lost
// connection changes nothing, so vassals keep running and respawn from their last config while the source
// reconnects with backoff. Nothing here blocks the loop or throws at the emperor: every outcome is a state.
import {homedir, userInfo} from 'node:os';
import type {DirectoryMonitor, MonitorHandlers} from '../monitor/directory-monitor.js';
import {passwordOf, redactSecrets} from './conninfo-redact.js';
import {parseConninfo} from './conninfo.js';
import {describePgTarget, resolvePgConnect, type PgConnectTarget} from './pg-connect-options.js';
import {readPgRows, reconcilePgRows, type PgReported} from './pg-rows.js';
import {findPgPassword, openPgClient, queryPgValues} from './pg-client.js';
import {nextBackoffMs} from './pg-backoff.js';
import type {SourceState} from './source-status.js';

export const DEFAULT_PG_CHANNEL = 'emperor';

export type PgSourceOptions = {
	/** the spec with its password masked, for messages */
	readonly spec: string;
	readonly conninfo: string;
	readonly query: string;
	readonly channel: string;
	readonly freqSeconds: number;
	readonly isTyrant: boolean;
	readonly env?: Readonly<Record<string, string | undefined>>;
};

export type PgSourceHandlers = MonitorHandlers & {
	/** the connection's state changed (connecting, connected, down, query-failed); detail is safe to show */
	onState: (state: SourceState, detail: string) => void;
	/** rows that name no vassal, said when the set of them changes */
	onRowProblems: (problems: readonly string[]) => void;
};

export type PgSource = DirectoryMonitor & {readonly target: string};

type Sql = import('postgres').Sql;

// a read that takes longer than this counts as a lost connection: a stalled server cannot hold the source
const READ_TIMEOUT_MS = 15_000;

const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;

// a server error about the query (a typo, a missing table) rather than the connection (class 08, 57: shutdown)
const isQueryError = (error: unknown): boolean => {
	const code = (error as {code?: unknown}).code;
	const isServerError = (error as {severity?: unknown}).severity !== undefined;
	return isServerError && typeof code === 'string' && !code.startsWith('08') && !code.startsWith('57');
};

// the parts of the options that must be right before anything starts: the connection string resolves
export const resolvePgSource = (options: PgSourceOptions): PgConnectTarget => {
	const parsed = parseConninfo(options.conninfo);
	if (!parsed.ok) throw new Error(`vassal source ${options.spec}: ${parsed.error}`);
	const resolved = resolvePgConnect(parsed.params, {env: options.env ?? process.env, homeDirectory: homedir(), userName: userInfo().username});
	if (!resolved.ok) throw new Error(`vassal source ${options.spec}: ${resolved.error}`);
	return resolved.target;
};

// starts the source: it connects in the background; initialScan resolves after the first read or failed connect
export const startPgSource = (options: PgSourceOptions, handlers: PgSourceHandlers): PgSource => {
	const target = resolvePgSource(options);
	const secrets = [passwordOf(options.conninfo), target.password];
	const safe = (error: unknown) => redactSecrets(error instanceof Error ? error.message : String(error), secrets);
	let current: Sql | undefined;
	let closed = false;
	let attempt = 0;
	let reconnectTimer: NodeJS.Timeout | undefined;
	let reading: Promise<void> | undefined;
	let isDirty = false;
	let reported: ReadonlyMap<string, PgReported> = new Map();
	let lastProblems = '';
	let state: SourceState = 'connecting';
	let markFirst: () => void = () => {};
	const first = new Promise<void>(resolveFirst => {
		markFirst = resolveFirst;
	});

	const setState = (next: SourceState, detail: string) => {
		const changed = next !== state || next !== 'connected';
		state = next;
		if (changed) handlers.onState(next, detail);
	};

	// the connection is gone (or never came): forget it, and try again after the backoff
	const drop = (instance: Sql, error: unknown) => {
		if (instance !== current || closed) return;
		current = undefined;
		void instance.end({timeout: 0}).catch(() => {});
		const delayMs = nextBackoffMs(attempt++);
		setState('down', `${safe(error)}; vassals keep running, reconnecting in ${(delayMs / 1000).toFixed(1)} s`);
		markFirst();
		reconnectTimer = setTimeout(() => void connect(), delayMs);
	};

	const readOnce = async (): Promise<void> => {
		const instance = current;
		if (instance === undefined) return;
		let timeout: NodeJS.Timeout | undefined;
		try {
			const query = queryPgValues(instance, options.query);
			const stalled = new Promise<never>((_, reject) => {
				timeout = setTimeout(() => reject(new Error(`the query did not answer in ${READ_TIMEOUT_MS / 1000} s`)), READ_TIMEOUT_MS);
			});
			const {values, columnCount} = await Promise.race([query, stalled]);
			const read = readPgRows(values, columnCount, options.isTyrant);
			if (!read.ok) return setState('query-failed', `${read.error}; vassals keep running`);
			const problems = read.problems.join('\n');
			if (problems !== lastProblems && read.problems.length > 0) handlers.onRowProblems(read.problems);
			lastProblems = problems;
			const reconciled = reconcilePgRows(reported, read.rows);
			reported = reconciled.reported;
			setState('connected', `read ${read.rows.length} vassal row${read.rows.length === 1 ? '' : 's'}`);
			for (const observation of reconciled.observations) handlers.onFile(observation);
		} catch (error) {
			if (isQueryError(error)) setState('query-failed', `the query failed: ${safe(error)}; vassals keep running`);
			else drop(instance, error);
		} finally {
			clearTimeout(timeout);
		}
	};

	// reads now, or once more right after the read in flight: notifications never pile up reads
	const read = (): Promise<void> => {
		if (reading !== undefined) {
			isDirty = true;
			return reading;
		}
		reading = (async () => {
			do {
				isDirty = false;
				await readOnce();
			} while (isDirty && !closed);
		})().finally(() => {
			reading = undefined;
			markFirst();
		});
		return reading;
	};

	const connect = async (): Promise<void> => {
		reconnectTimer = undefined;
		if (closed) return;
		setState('connecting', `connecting to ${describePgTarget(target)}`);
		const found = await findPgPassword(target);
		if (found.warning !== undefined) handlers.onError(new Error(found.warning), options.spec);
		if (closed) return;
		const instance: Sql = await openPgClient(target, found.password, {
			onNotify: () => {
				if (instance === current) void read();
			},
			onClose: () => drop(instance, new Error('the connection closed')),
		});
		if (closed) return void instance.end({timeout: 0}).catch(() => {});
		current = instance;
		try {
			await instance.unsafe(`LISTEN ${quoteIdentifier(options.channel)}`);
		} catch (error) {
			return drop(instance, error);
		}
		if (instance !== current) return;
		attempt = 0;
		setState('connected', `connected to ${describePgTarget(target)}, listening on channel ${options.channel}`);
		await read();
	};

	const pollTimer = setInterval(() => {
		if (current !== undefined && state !== 'connecting') void read();
	}, options.freqSeconds * 1000);
	void connect();

	return {
		target: describePgTarget(target),
		async initialScan() {
			await first;
		},
		async rescan() {
			if (current !== undefined) return read();
			// a rescan asked for while down tries at once instead of waiting out the backoff
			if (reconnectTimer !== undefined) {
				clearTimeout(reconnectTimer);
				void connect();
			}
		},
		async close() {
			closed = true;
			clearInterval(pollTimer);
			clearTimeout(reconnectTimer);
			const instance = current;
			current = undefined;
			await instance?.end({timeout: 0}).catch(() => {});
		},
	};
};
