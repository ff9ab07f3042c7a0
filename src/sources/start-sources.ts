import {resolve} from 'node:path';
import {startDirectoryMonitor, type DirectoryMonitor, type FileObservation} from '../monitor/directory-monitor.js';
import {startGlobSource} from './glob-source.js';
import {DEFAULT_PG_CHANNEL, startPgSource} from './pg-source.js';
import type {SourceState, SourceStatus} from './source-status.js';
import {claimName, releaseName, type NameClaims} from './name-claims.js';
import type {SourceSpec} from './source-spec.js';

export type SourcesOptions = {
	readonly sources: readonly SourceSpec[];
	/** the emperor's working directory at start-up: glob patterns match from it, and glob vassals run in it */
	readonly cwd: string;
	readonly freqSeconds: number;
	readonly settleMs: number;
	readonly nofollow: boolean;
	/** the channel pg:// sources LISTEN on (--emperor-pg-channel) */
	readonly pgChannel?: string;
	/** tyrant mode: pg:// rows give uid and gid in columns 4 and 5 */
	readonly isTyrant?: boolean;
};

export type SourcesHandlers = {
	/** an observation of a name this source owns (a name two sources produce belongs to the first one seen) */
	onFile: (observation: FileObservation) => void;
	onError: (error: Error, context: string) => void;
	/** a second source produced a name another one owns: refused, naming both */
	onDuplicate: (name: string, owner: string, refused: string) => void;
	/** a glob matched nothing at start-up */
	onNoMatch: (spec: string) => void;
	/** a pg:// source connected, lost its connection, or its query failed (detail is safe to show) */
	onSourceState?: (spec: string, state: SourceState, detail: string) => void;
	/** rows of a pg:// source that name no vassal */
	onRowProblems?: (spec: string, problems: readonly string[]) => void;
};

export type Sources = DirectoryMonitor & {
	/** the directory a vassal's file name is relative to, and where it runs: its directory, or the cwd for a glob */
	readonly directoryOf: (name: string) => string;
	/** every source with its kind and state, in the order given */
	readonly statuses: () => readonly SourceStatus[];
};

// how a source is named in messages: its directory resolved, or its pattern as given
// (a pg:// spec's password is masked already)
export const describeSource = (source: SourceSpec): string => (source.kind === 'dir' ? resolve(source.directory) : source.spec);

// starts every source; their observations reach onFile as one stream in which each name comes from one source
export const startSources = (options: SourcesOptions, handlers: SourcesHandlers): Sources => {
	const claims: NameClaims = new Map();
	const started = Date.now();
	const statuses: SourceStatus[] = options.sources.map(source => ({spec: describeSource(source), kind: source.kind, state: source.kind === 'pg' ? 'connecting' : 'watching', since: started}));
	const monitors = options.sources.map((source, index): DirectoryMonitor => {
		const onFile = (observation: FileObservation) => {
			if (observation.fingerprint === undefined) {
				const released = releaseName(claims, observation.name, index);
				if (released.wasOwner) handlers.onFile(observation);
				// the name is free now: the next source that holds it takes it over
				if (released.next !== undefined) handlers.onFile(released.next.observation);
				return;
			}
			const claim = claimName(claims, observation, index);
			if (claim.isOwner) handlers.onFile(observation);
			else if (claim.isNew) handlers.onDuplicate(observation.name, describeSource(options.sources[claim.owner]!), describeSource(source));
		};
		const shared = {freqSeconds: options.freqSeconds, settleMs: options.settleMs, nofollow: options.nofollow};
		if (source.kind === 'dir') return startDirectoryMonitor({directory: resolve(options.cwd, source.directory), ...shared}, {onFile, onError: handlers.onError});
		if (source.kind === 'pg') {
			return startPgSource({spec: source.spec, conninfo: source.conninfo, query: source.query, channel: options.pgChannel ?? DEFAULT_PG_CHANNEL, freqSeconds: options.freqSeconds, isTyrant: options.isTyrant ?? false}, {
				onFile, onError: handlers.onError,
				onState(state, detail) {
					statuses[index] = {...statuses[index]!, state, since: Date.now(), detail};
					handlers.onSourceState?.(source.spec, state, detail);
				},
				onRowProblems: problems => handlers.onRowProblems?.(source.spec, problems),
			});
		}
		return startGlobSource({pattern: source.pattern, cwd: options.cwd, ...shared}, {onFile, onError: handlers.onError, onNoMatch: () => handlers.onNoMatch(source.spec)});
	});
	return {
		directoryOf(name) {
			const owner = claims.get(name)?.owner;
			const source = owner === undefined ? undefined : options.sources[owner];
			return source?.kind === 'dir' ? resolve(options.cwd, source.directory) : options.cwd;
		},
		statuses: () => statuses,
		async initialScan() {
			for (const monitor of monitors) await monitor.initialScan();
		},
		async rescan() {
			await Promise.all(monitors.map(monitor => monitor.rescan()));
		},
		async close() {
			await Promise.all(monitors.map(monitor => monitor.close()));
		},
	};
};
