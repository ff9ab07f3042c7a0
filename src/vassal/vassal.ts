import type {Logger} from '../observe/logger.js';
import {describeEvent} from '../observe/event-messages.js';
import type {VassalConfig} from '../config/read-vassal-file.js';
import type {ListenPlan} from '../on-demand/listen-plan.js';
import {makeSocketHolder} from '../on-demand/socket-holder.js';
import type {Owner} from '../system/tyrant.js';
import {transition} from './transitions.js';
import type {VassalPolicy} from './transition-steps.js';
import {earliestDeadline} from './overlap-steps.js';
import {applyProgramPolicy} from './program-policy.js';
import {hasProcesses, listProcesses, makeVassalRecord, type Effect, type VassalEvent, type VassalRecord} from './vassal-state.js';
import {buildGenerationLaunch} from './generation-launch.js';
import {GenerationBooks} from './generation-books.js';
import {DeadlineTimer} from './deadline-timer.js';
import {startGeneration} from './start-generation.js';
import type {ProgramSpec} from '../config/program-spec.js';
import {readCgroupLimits} from '../cgroup/cgroup-limits.js';
import {setVassalLimits} from '../cgroup/vassal-cgroup.js';

export type VassalEnvironment = {
	readonly directory: string;
	readonly binary: string;
	readonly vassalSet: readonly string[];
	/** tyrant mode: set the owner's supplementary groups instead of none */
	readonly initgroups?: boolean;
	readonly env: NodeJS.ProcessEnv;
	readonly policy: VassalPolicy;
	readonly logger: Logger;
	readonly now: () => number;
	readonly random: () => number;
	/** the vassal's file is gone and nothing runs: drop it */
	readonly onForget: (vassal: Vassal) => void;
	/** called after every event, once its effects are applied */
	readonly onSettled: (vassal: Vassal) => void;
	/** called for every transition, before its effects are applied (metrics, observers) */
	readonly onTransition?: (vassal: Vassal, event: VassalEvent, previous: VassalRecord, next: VassalRecord, effects: readonly Effect[]) => void;
};

// one vassal: the only place that spawns, signals, writes bytes and arms timers; decisions come from the table
export class Vassal {
	readonly name: string;
	#record: VassalRecord;
	#config: (VassalConfig & {readonly program?: ProgramSpec}) | undefined;
	#fileMtimeMs: number | undefined;
	#owner: Owner | undefined;
	#onDemand: ListenPlan | undefined;
	readonly #socket = makeSocketHolder();
	/** each live generation's channel, config and STATUS= */
	readonly #books = new GenerationBooks();
	readonly #deadline: DeadlineTimer;
	#queue: VassalEvent[] = [];
	#isDispatching = false;
	readonly #environment: VassalEnvironment;

	constructor(name: string, environment: VassalEnvironment) {
		this.name = name;
		this.#environment = environment;
		this.#record = makeVassalRecord(name);
		this.#deadline = new DeadlineTimer(() => this.dispatch({type: 'deadline'}), environment.now);
	}

	get record(): VassalRecord {
		return this.#record;
	}

	/** the held socket's descriptor in the emperor, while it holds one */
	heldSocketFd(): number | undefined {
		return this.#socket.fd();
	}

	/** the STATUS= the serving generation of a program vassal sent last */
	get status(): string | undefined {
		return this.#books.status(this.#record.generation);
	}

	get config(): (VassalConfig & {readonly program?: ProgramSpec}) | undefined {
		return this.#config;
	}

	// true while a process of this vassal exists (during an overlap or after it, its old or new generation too)
	isLive(): boolean {
		return hasProcesses(this.#record);
	}

	get fileMtimeMs(): number | undefined {
		return this.#fileMtimeMs;
	}

	/** tyrant mode: the uid and gid the vassal runs as (its file's owner) */
	get owner(): Owner | undefined {
		return this.#owner;
	}

	// tyrant mode: the next spawn runs as this owner
	setOwner(owner: Owner | undefined): void {
		this.#owner = owner;
	}

	// the on-demand socket of the last good config: file events carry its name into the table
	setOnDemand(plan: ListenPlan | undefined): void {
		this.#onDemand = plan;
	}

	// keeps the last good config (and its file's mtime): the next spawn or reload uses it
	setConfig(config: VassalConfig & {readonly program?: ProgramSpec}, fileMtimeMs?: number): void {
		this.#config = config;
		this.#fileMtimeMs = fileMtimeMs;
		setVassalLimits(this.name, readCgroupLimits(config.entries).limits);
	}

	// feeds one event through the transition table; events raised while applying effects are queued, never nested
	dispatch(event: VassalEvent): void {
		this.#queue.push(event);
		if (this.#isDispatching) return;
		this.#isDispatching = true;
		try {
			for (let next = this.#queue.shift(); next !== undefined; next = this.#queue.shift()) this.#step(next);
		} finally {
			this.#isDispatching = false;
		}
		this.#environment.onSettled(this);
	}

	// SIGKILL now every process of the vassal, whatever the state (the emperor's mercy is over)
	kill(reason: string): void {
		for (const {pid, generation} of listProcesses(this.#record)) {
			this.#log({type: 'log', level: 'warn', event: 'vassal-killed', fields: {pid, generation, signal: 'SIGKILL', reason}});
			this.#signal('SIGKILL', pid);
		}
	}

	#step(raw: VassalEvent): void {
		const {now, random, policy} = this.#environment;
		const isFileEvent = (raw.type === 'file-added' || raw.type === 'file-changed') && !('onDemandSocket' in raw);
		const plan = this.#onDemand;
		const event = isFileEvent
			? {...raw, onDemandSocket: plan?.name, runsAtOnce: plan?.isOnDemand === false, reloadMode: plan?.reload?.mode, reloadTimeoutMs: plan?.reload?.timeoutMs}
			: raw;
		const result = transition({record: this.#record, event, now: now(), policy: applyProgramPolicy(policy, this.#config?.program), random: random()});
		const previous = this.#record;
		this.#record = result.record;
		if (previous.state !== result.record.state) {
			this.#environment.logger.debug({event: 'vassal-state', vassal: this.name, from: previous.state, state: result.record.state, cause: event.type});
		}
		this.#environment.onTransition?.(this, event, previous, result.record, result.effects);
		for (const effect of result.effects) this.#apply(effect);
		this.#deadline.sync(earliestDeadline(this.#record));
		this.#socket.sync(this.#record.state === 'on-demand', () => this.dispatch({type: 'demand'}));
	}

	#apply(effect: Effect): void {
		switch (effect.type) {
			case 'spawn': return this.#spawn(effect.generation ?? this.#record.generation, effect.fromKept === true);
			case 'promote': {
				this.#books.promote(effect.generation);
				return this.#socket.promoteSuccessor(effect.generation);
			}
			case 'listen': {
				const problem = this.#socket.listen(this.#onDemand);
				if (problem !== undefined) this.dispatch({type: 'listen-failed', reason: problem});
				return;
			}
			case 'send': {
				// an old generation is told to stop once its own socket is drained (a promoted generation has a socket of its own)
				const send = () => this.#send(effect);
				return effect.generation !== undefined && effect.generation !== this.#record.generation ? this.#socket.whenDrained(send) : send();
			}
			case 'kill': {
				const generation = effect.generation ?? this.#record.generation;
				return this.#signal(effect.signal, listProcesses(this.#record).find(process => process.generation === generation)?.pid);
			}
			case 'log': return this.#log(effect);
			case 'forget': return this.#environment.onForget(this);
		}
	}

	#send({byte, reason, generation}: Effect & {type: 'send'}): void {
		if (!this.#books.channel(generation ?? this.#record.generation)?.send(byte)) {
			this.#environment.logger.debug({event: 'vassal-send-failed', vassal: this.name, byte, reason, generation});
		}
	}

	#log(effect: Effect & {type: 'log'}): void {
		const fields = effect.fields ?? {};
		this.#environment.logger[effect.level]({event: effect.event, vassal: this.name, state: this.#record.state, ...fields}, describeEvent(effect.event, this.name, fields));
	}

	#signal(signal: NodeJS.Signals, pid: number | undefined): void {
		if (pid === undefined) return;
		try {
			process.kill(pid, signal);
		} catch {
			// ESRCH: it is already gone, and its exit event is on its way
		}
	}

	#spawn(generation: number, fromKept: boolean): void {
		// a vassal that left on-demand mode no longer needs the socket; one that has it gets it as fd 0
		if (this.#record.onDemandSocket === undefined) this.#socket.close();
		const stdin = this.#socket.fd();
		if (this.#record.onDemandSocket !== undefined && stdin === undefined) {
			// its listen failed just before: that failure is queued and decides what follows
			this.#environment.logger.debug({event: 'vassal-spawn-skipped', vassal: this.name, reason: 'held socket not bound'});
			return;
		}
		const launch = buildGenerationLaunch({
			latest: this.#config, kept: fromKept ? this.#books.servingConfig : undefined, overlaps: this.#onDemand?.reload?.mode === 'overlap',
		});
		if (fromKept && launch.config.keptText !== undefined) {
			this.#environment.logger.warn({event: 'vassal-config-kept', vassal: this.name, generation}, `${this.name}: respawned from the config of the generation that served, not from the file whose reload failed`);
		}
		this.#books.started(generation, launch.config, generation === this.#record.generation);
		// a program's new generation beside a serving one gets a unix socket of its own, which takes the path once it
		// serves: the old one then gets no new connection, so none is cut by its stop (uvicorn closes those it has not read)
		const isProgramSuccessor = this.#config?.program !== undefined && this.#record.successor?.id === generation;
		const socketFd = (isProgramSuccessor ? this.#socket.prepareSuccessor(generation) : undefined) ?? stdin;
		const {directory, binary, vassalSet, env, initgroups} = this.#environment;
		// a config from a pg:// row is sent again as it is now: a reload for an edited row re-execs with the new text
		const latestText = () => (this.#config?.viaChannel === true ? this.#config.text : undefined);
		startGeneration({name: this.name, generation, launch, directory, binary, vassalSet, env, owner: this.#owner, initgroups, socketFd, latestText}, {
			onSpawned: (_pid, channel) => this.#books.setChannel(generation, channel),
			onStatus: status => this.#books.setStatus(generation, status),
			onNote: fields => this.#environment.logger.debug({event: 'vassal-program-note', vassal: this.name, generation, ...fields}),
			onEvent: event => {
				if (event.type === 'exited' || event.type === 'spawn-failed') {
					this.#books.gone(generation);
					this.#socket.dropSuccessor(generation);
				}
				this.dispatch(event);
			},
		});
	}

	// drops timers and closes the on-demand socket; used when the emperor is done with this vassal
	dispose(): void {
		this.#deadline.clear();
		this.#books.closeChannels();
		this.#socket.close();
	}
}
