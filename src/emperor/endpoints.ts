import {resolve} from 'node:path';
import type {ControlRequest, ControlResponse} from '../control/control-protocol.js';
import {startControlServer} from '../control/control-server.js';
import {prepareDefaultControl} from '../control/default-control.js';
import type {Logger} from '../observe/logger.js';
import {buildStatsDocument, type StatsDocument} from '../observe/stats-document.js';
import {startStatsServer} from '../observe/stats-server.js';
import type {EmperorOptions} from '../options/emperor-options.js';
import {currentPassedSockets} from '../on-demand/passed-sockets.js';
import {currentUser} from '../system/privileges.js';
import {readVassalUsage} from '../resources/vassal-usage.js';
import {listProcesses} from '../vassal/vassal-state.js';
import type {Emperor} from './emperor.js';

export type Endpoints = {close: () => Promise<void>};

// the emperor's stats document, now
export const describeEmperor = (emperor: Emperor, version: string): StatsDocument => {
	const {uid, gid} = currentUser();
	const facts = {version, pid: process.pid, uid, gid, cwd: process.cwd(), directory: emperor.directory, tyrant: emperor.isTyrant, sources: emperor.sources()};
	const usage = readVassalUsage([...emperor.vassals.values()].map(vassal => ({name: vassal.name, pids: listProcesses(vassal.record).map(({pid}) => pid)})));
	const vassals = [...emperor.vassals.values()].map(vassal => ({
		record: vassal.record, fileMtimeMs: vassal.fileMtimeMs, uid: vassal.owner?.uid ?? uid, gid: vassal.owner?.gid ?? gid, onDemand: vassal.record.onDemandSocket ?? '', status: vassal.status,
		usage: usage.get(vassal.name),
	}));
	return buildStatsDocument(facts, vassals, Date.now());
};

// answers one control request
const handleControlRequest = (emperor: Emperor, version: string, request: ControlRequest): ControlResponse => {
	if (request.command === 'status') return {ok: true, message: 'status', result: describeEmperor(emperor, version)};
	if (!emperor.command(request.vassal, request.command)) return {ok: false, error: `no vassal named ${request.vassal} (see emperor status)`};
	return {ok: true, message: `${request.command} sent to ${request.vassal}`};
};

// starts the stats, metrics and control endpoints the options ask for; a failure to bind is logged, not fatal
export const startEndpoints = async (emperor: Emperor, options: EmperorOptions, logger: Logger, version: string): Promise<Endpoints> => {
	const closers: (() => Promise<void>)[] = [];
	const start = async (what: string, address: string | undefined, begin: (address: string) => Promise<{close: () => Promise<void>; address?: string}>) => {
		if (address === undefined) return;
		try {
			const endpoint = await begin(address);
			closers.push(endpoint.close);
			logger.info({event: 'emperor-endpoint', endpoint: what, address: endpoint.address ?? address}, `${what} on ${endpoint.address ?? address}`);
		} catch (error) {
			logger.error({event: 'emperor-endpoint-failed', endpoint: what, address, err: {message: (error as Error).message}}, `cannot serve ${what} on ${address}: ${(error as Error).message}`);
		}
	};
	await start('stats', options.statsAddress, address => startStatsServer(address, () => describeEmperor(emperor, version)));
	// prom-client and its ~100 modules are loaded only when --metrics is given
	await start('metrics', options.metricsAddress, async address => {
		const [{createEmperorMetrics}, {startMetricsServer}] = await Promise.all([import('../observe/metrics.js'), import('../observe/metrics-server.js')]);
		const metrics = createEmperorMetrics({
			records: () => [...emperor.vassals.values()].map(vassal => vassal.record), now: Date.now, sources: emperor.sources,
			usage: () => readVassalUsage([...emperor.vassals.values()].map(vassal => ({name: vassal.name, pids: listProcesses(vassal.record).map(({pid}) => pid)}))),
		});
		const unsubscribe = emperor.onTransition((vassal, event, previous, next, effects) => {
			metrics.observeTransition(event, previous, next);
			if (effects.some(effect => effect.type === 'forget')) metrics.forgetVassal(vassal.name);
		});
		closers.push(async () => unsubscribe());
		return startMetricsServer(address, metrics.registry);
	});
	// without --control, a socket of its own where `emperor status` looks (systemd's runtime directory, /run/emperor
	// as root, else $XDG_RUNTIME_DIR/emperor or /tmp/emperor-UID)
	await start('control', options.controlPath ?? 'the default control socket', async requested => {
		let path = requested;
		if (options.controlPath === undefined) {
			const prepared = await prepareDefaultControl(emperor.directory, process.env, currentUser().uid);
			for (const stale of prepared.staleRemoved) logger.debug({event: 'emperor-control-stale', path: stale}, `removed the stale control socket ${stale}`);
			path = prepared.path;
		}
		const server = await startControlServer(path, request => handleControlRequest(emperor, version, request), currentPassedSockets().findAt({kind: 'unix', path: resolve(path)})?.fd);
		return {close: server.close, address: path};
	});
	return {
		async close() {
			await Promise.all(closers.map(close => close().catch(() => {})));
		},
	};
};
