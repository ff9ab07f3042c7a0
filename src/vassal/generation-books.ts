// what the emperor keeps for each live generation of one vassal: its channel, the config it started from, its STATUS=
import type {Channel} from '../protocol/channel.js';
import type {GenerationConfig} from './generation-launch.js';

export class GenerationBooks {
	readonly #channels = new Map<number, Channel>();
	readonly #configs = new Map<number, GenerationConfig>();
	readonly #statuses = new Map<number, string>();
	#servingConfig: GenerationConfig | undefined;

	/** the config of the generation that served last: a failed reload respawns from it */
	get servingConfig(): GenerationConfig | undefined {
		return this.#servingConfig;
	}

	// notes the config a generation starts from (the serving one's too, when it is the serving generation)
	started(generation: number, config: GenerationConfig, isServing: boolean): void {
		this.#configs.set(generation, config);
		if (isServing) this.#servingConfig = config;
	}

	// the generation now serves: its config is the one to respawn from
	promote(generation: number): void {
		this.#servingConfig = this.#configs.get(generation) ?? this.#servingConfig;
	}

	// keeps the emperor channel of a generation's process
	setChannel(generation: number, channel: Channel): void {
		this.#channels.set(generation, channel);
	}

	// the emperor channel of a generation's process, while it runs
	channel(generation: number): Channel | undefined {
		return this.#channels.get(generation);
	}

	// keeps the last STATUS= a generation sent
	setStatus(generation: number, status: string): void {
		this.#statuses.set(generation, status);
	}

	// the last STATUS= a generation sent
	status(generation: number): string | undefined {
		return this.#statuses.get(generation);
	}

	// a process that is gone takes its channel, its status and the config it was started from with it
	gone(generation: number): void {
		this.#channels.delete(generation);
		this.#configs.delete(generation);
		this.#statuses.delete(generation);
	}

	// closes every channel (the emperor is done with the vassal)
	closeChannels(): void {
		for (const channel of this.#channels.values()) channel.close();
		this.#channels.clear();
	}
}
