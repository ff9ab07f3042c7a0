import type {IntervalHistogram} from 'node:perf_hooks';
import {Counter, Gauge, Registry, collectDefaultMetrics} from 'prom-client';
import {createLoopDelayMonitor} from './loop-delay.js';
import {isSourceUp, type SourceStatus} from '../sources/source-status.js';
import {vassalIdentifier} from '../sources/vassal-name.js';
import {classifyExit, type ExitClass} from '../vassal/exit-class.js';
import {VASSAL_STATES, type VassalEvent, type VassalRecord} from '../vassal/vassal-state.js';
import type {Usage} from '../resources/vassal-usage.js';

export type MetricsSource = {
	readonly records: () => Iterable<VassalRecord>;
	readonly now: () => number;
	/** memory and CPU of each vassal's process tree, by name, read at scrape time */
	readonly usage?: () => ReadonlyMap<string, Usage>;
	/** the vassal sources and their states (passwords masked) */
	readonly sources?: () => readonly SourceStatus[];
};

export type EmperorMetrics = {
	readonly registry: Registry;
	/** counts what a transition did: spawns, wakes, exits by class, rejected configs */
	observeTransition: (event: VassalEvent, previous: VassalRecord, next: VassalRecord) => void;
	/** drops the series of a vassal that is gone, so labels stay bounded by the vassals that exist */
	forgetVassal: (name: string) => void;
};

const EXIT_CLASSES: readonly ExitClass[] = ['clean', 'failure', 'signal'];
const RELOAD_RESULTS = ['overlapped', 'failed', 'in-place'] as const;

// what a transition did to a reload: a new generation took over, an overlap failed, or a byte-1 reload began
export const describeReload = (previous: VassalRecord, next: VassalRecord): (typeof RELOAD_RESULTS)[number] | undefined => {
	if (previous.successor !== undefined && next.generation === previous.successor.id && next.state === 'running') return 'overlapped';
	if (next.failedReload !== undefined && next.failedReload !== previous.failedReload) return 'failed';
	return next.state === 'reloading' && previous.state !== 'reloading' ? 'in-place' : undefined;
};

// prom-client's event-loop delay sampler never fires (its period is ~24 days): the gauges of that name are fed by
// one that samples only while the emperor is busy, so an idle emperor is not woken every 10 ms
const NEVER_MS = 2 ** 31 - 1;
const LOOP_DELAY_GAUGES = [
	['min', 'The minimum recorded event loop delay.', (h: IntervalHistogram) => h.min],
	['max', 'The maximum recorded event loop delay.', (h: IntervalHistogram) => h.max],
	['mean', 'The mean of the recorded event loop delays.', (h: IntervalHistogram) => h.mean],
	['stddev', 'The standard deviation of the recorded event loop delays.', (h: IntervalHistogram) => h.stddev],
	['p50', 'The 50th percentile of the recorded event loop delays.', (h: IntervalHistogram) => h.percentile(50)],
	['p90', 'The 90th percentile of the recorded event loop delays.', (h: IntervalHistogram) => h.percentile(90)],
	['p99', 'The 99th percentile of the recorded event loop delays.', (h: IntervalHistogram) => h.percentile(99)],
] as const;

// registers emperor_nodejs_eventloop_lag_{min,max,…}_seconds over the sampler; a scrape reads and resets it
const registerLoopDelayGauges = (registry: Registry) => {
	const monitor = createLoopDelayMonitor();
	const gauges: Gauge[] = [];
	// the first gauge's collect sets them all, before any of them is read
	const setAll = () => {
		LOOP_DELAY_GAUGES.forEach(([, , read], index) => gauges[index]!.set(read(monitor.histogram) / 1e9));
		monitor.histogram.reset();
		monitor.noteActivity();
	};
	for (const [index, [stat, help]] of LOOP_DELAY_GAUGES.entries()) {
		const name = `emperor_nodejs_eventloop_lag_${stat}_seconds`;
		registry.removeSingleMetric(name);
		gauges.push(new Gauge({name, help, registers: [registry], ...(index === 0 ? {collect: setAll} : {})}));
	}
	return monitor;
};

// the emperor's Prometheus metrics: counters fed by transitions, gauges computed at scrape time
export const createEmperorMetrics = (source: MetricsSource): EmperorMetrics => {
	const registry = new Registry();
	collectDefaultMetrics({register: registry, prefix: 'emperor_', eventLoopMonitoringPrecision: NEVER_MS});
	const loopDelay = registerLoopDelayGauges(registry);
	const spawns = new Counter({name: 'emperor_vassal_spawns_total', help: 'vassal processes spawned', labelNames: ['vassal'], registers: [registry]});
	const wakes = new Counter({name: 'emperor_vassal_wakes_total', help: 'spawns caused by a connection on the on-demand socket', labelNames: ['vassal'], registers: [registry]});
	const exits = new Counter({name: 'emperor_vassal_exits_total', help: 'vassal process exits by class (clean, failure, signal)', labelNames: ['vassal', 'class'], registers: [registry]});
	const reloads = new Counter({
		name: 'emperor_vassal_reloads_total', help: 'reloads by result: overlapped (the new generation took over), failed (it did not; the old one serves on), in-place (byte 1)',
		labelNames: ['vassal', 'result'], registers: [registry],
	});
	const rejections = new Counter({name: 'emperor_vassal_config_rejections_total', help: 'vassal file versions rejected by validation', labelNames: ['vassal'], registers: [registry]});
	const records = () => [...source.records()];
	new Gauge({
		name: 'emperor_vassals', help: 'vassals by state', labelNames: ['state'], registers: [registry],
		collect() {
			this.reset();
			const all = records();
			for (const state of VASSAL_STATES) this.set({state}, all.filter(record => record.state === state).length);
		},
	});
	new Gauge({
		name: 'emperor_vassal_up', help: '1 when the vassal has a process', labelNames: ['vassal'], registers: [registry],
		collect() {
			this.reset();
			for (const record of records()) this.set({vassal: vassalIdentifier(record.name)}, record.pid === undefined ? 0 : 1);
		},
	});
	new Gauge({
		name: 'emperor_vassal_generations', help: 'processes of a vassal by role: serving, new (an overlap reload becoming ready), old (finishing its requests)',
		labelNames: ['vassal', 'role'], registers: [registry],
		collect() {
			this.reset();
			for (const record of records()) {
				if (record.pid !== undefined) this.set({vassal: vassalIdentifier(record.name), role: 'serving'}, 1);
				if (record.successor !== undefined) this.set({vassal: vassalIdentifier(record.name), role: 'new'}, 1);
				if (record.retiring.length > 0) this.set({vassal: vassalIdentifier(record.name), role: 'old'}, record.retiring.length);
			}
		},
	});
	new Gauge({
		name: 'emperor_vassal_uptime_seconds', help: 'seconds since the current process was spawned', labelNames: ['vassal'], registers: [registry],
		collect() {
			this.reset();
			for (const record of records()) if (record.pid !== undefined && record.startedAt !== undefined) this.set({vassal: vassalIdentifier(record.name)}, (source.now() - record.startedAt) / 1000);
		},
	});
	new Gauge({
		name: 'emperor_vassal_backoff_seconds', help: 'seconds left before a vassal in backoff is respawned', labelNames: ['vassal'], registers: [registry],
		collect() {
			this.reset();
			for (const record of records()) if (record.deadline?.kind === 'backoff') this.set({vassal: vassalIdentifier(record.name)}, Math.max(0, record.deadline.at - source.now()) / 1000);
		},
	});
	new Gauge({
		name: 'emperor_vassal_heartbeat_age_seconds', help: 'seconds since the last heartbeat (byte 26)', labelNames: ['vassal'], registers: [registry],
		collect() {
			this.reset();
			for (const record of records()) if (record.lastHeartbeatAt !== undefined) this.set({vassal: vassalIdentifier(record.name)}, (source.now() - record.lastHeartbeatAt) / 1000);
		},
	});
	new Gauge({
		name: 'emperor_source_up', help: '1 when the vassal source sees its vassals now (a pg:// source: connected and its last read succeeded)',
		labelNames: ['source', 'kind', 'state'], registers: [registry],
		collect() {
			this.reset();
			for (const status of source.sources?.() ?? []) this.set({source: status.spec, kind: status.kind, state: status.state}, isSourceUp(status.state) ? 1 : 0);
		},
	});
	// read once a scrape for both series: the first collect reads, the second takes what it read
	let scraped: ReadonlyMap<string, Usage> | undefined;
	const usageOnce = (): ReadonlyMap<string, Usage> => {
		if (scraped === undefined) {
			scraped = source.usage?.() ?? new Map();
			setImmediate(() => {
				scraped = undefined;
			});
		}
		return scraped;
	};
	new Gauge({
		name: 'emperor_vassal_memory_bytes', help: 'memory of the vassal\'s whole process tree: its cgroup\'s memory.current, else the PSS (RSS where unreadable) of its processes',
		labelNames: ['vassal'], registers: [registry],
		collect() {
			this.reset();
			for (const [vassal, usage] of usageOnce()) this.set({vassal: vassalIdentifier(vassal)}, usage.memory);
		},
	});
	new Counter({
		name: 'emperor_vassal_cpu_seconds_total', help: 'user and system CPU of the vassal\'s process tree (its cgroup\'s, else its live processes\' and what they reaped); starts again at a respawn',
		labelNames: ['vassal'], registers: [registry],
		collect() {
			this.reset();
			for (const [vassal, usage] of usageOnce()) this.inc({vassal: vassalIdentifier(vassal)}, usage.cpu);
		},
	});

	return {
		registry,
		observeTransition(event, previous, next) {
			loopDelay.noteActivity();
			if (next.spawns > previous.spawns) spawns.inc({vassal: vassalIdentifier(next.name)});
			if (next.wakes > previous.wakes) wakes.inc({vassal: vassalIdentifier(next.name)});
			if (event.type === 'exited') exits.inc({vassal: vassalIdentifier(next.name), class: classifyExit(event.code, event.signal)});
			if (event.type === 'config-invalid') rejections.inc({vassal: vassalIdentifier(next.name)});
			const result = describeReload(previous, next);
			if (result !== undefined) reloads.inc({vassal: vassalIdentifier(next.name), result});
		},
		forgetVassal(name) {
			spawns.remove({vassal: vassalIdentifier(name)});
			wakes.remove({vassal: vassalIdentifier(name)});
			rejections.remove({vassal: vassalIdentifier(name)});
			for (const result of RELOAD_RESULTS) reloads.remove({vassal: vassalIdentifier(name), result});
			for (const exitClass of EXIT_CLASSES) exits.remove({vassal: vassalIdentifier(name), class: exitClass});
		},
	};
};
