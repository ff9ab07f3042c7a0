import {Counter, Gauge, Registry, collectDefaultMetrics} from 'prom-client';
import {classifyExit, type ExitClass} from '../vassal/exit-class.js';
import {VASSAL_STATES, type VassalEvent, type VassalRecord} from '../vassal/vassal-state.js';

export type MetricsSource = {readonly records: () => Iterable<VassalRecord>; readonly now: () => number};

export type EmperorMetrics = {
	readonly registry: Registry;
	/** counts what a transition did: spawns, wakes, exits by class, rejected configs */
	observeTransition: (event: VassalEvent, previous: VassalRecord, next: VassalRecord) => void;
	/** drops the series of a vassal that is gone, so labels stay bounded by the vassals that exist */
	forgetVassal: (name: string) => void;
};

const EXIT_CLASSES: readonly ExitClass[] = ['clean', 'failure', 'signal'];

// the emperor's Prometheus metrics: counters fed by transitions, gauges computed at scrape time
export const createEmperorMetrics = (source: MetricsSource): EmperorMetrics => {
	const registry = new Registry();
	collectDefaultMetrics({register: registry, prefix: 'emperor_'});
	const spawns = new Counter({name: 'emperor_vassal_spawns_total', help: 'vassal processes spawned', labelNames: ['vassal'], registers: [registry]});
	const wakes = new Counter({name: 'emperor_vassal_wakes_total', help: 'spawns caused by a connection on the on-demand socket', labelNames: ['vassal'], registers: [registry]});
	const exits = new Counter({name: 'emperor_vassal_exits_total', help: 'vassal process exits by class (clean, failure, signal)', labelNames: ['vassal', 'class'], registers: [registry]});
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
			for (const record of records()) this.set({vassal: record.name}, record.pid === undefined ? 0 : 1);
		},
	});
	new Gauge({
		name: 'emperor_vassal_uptime_seconds', help: 'seconds since the current process was spawned', labelNames: ['vassal'], registers: [registry],
		collect() {
			this.reset();
			for (const record of records()) if (record.pid !== undefined && record.startedAt !== undefined) this.set({vassal: record.name}, (source.now() - record.startedAt) / 1000);
		},
	});
	new Gauge({
		name: 'emperor_vassal_backoff_seconds', help: 'seconds left before a vassal in backoff is respawned', labelNames: ['vassal'], registers: [registry],
		collect() {
			this.reset();
			for (const record of records()) if (record.deadline?.kind === 'backoff') this.set({vassal: record.name}, Math.max(0, record.deadline.at - source.now()) / 1000);
		},
	});
	new Gauge({
		name: 'emperor_vassal_heartbeat_age_seconds', help: 'seconds since the last heartbeat (byte 26)', labelNames: ['vassal'], registers: [registry],
		collect() {
			this.reset();
			for (const record of records()) if (record.lastHeartbeatAt !== undefined) this.set({vassal: record.name}, (source.now() - record.lastHeartbeatAt) / 1000);
		},
	});

	return {
		registry,
		observeTransition(event, previous, next) {
			if (next.spawns > previous.spawns) spawns.inc({vassal: next.name});
			if (next.wakes > previous.wakes) wakes.inc({vassal: next.name});
			if (event.type === 'exited') exits.inc({vassal: next.name, class: classifyExit(event.code, event.signal)});
			if (event.type === 'config-invalid') rejections.inc({vassal: next.name});
		},
		forgetVassal(name) {
			spawns.remove({vassal: name});
			wakes.remove({vassal: name});
			rejections.remove({vassal: name});
			for (const exitClass of EXIT_CLASSES) exits.remove({vassal: name, class: exitClass});
		},
	};
};
