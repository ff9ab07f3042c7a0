// starts one generation of a vassal, uWSGI or another program, and turns what it does into the table's events
import type {Channel} from '../protocol/channel.js';
import {openChannel} from '../protocol/channel.js';
import {FROM_VASSAL} from '../protocol/emperor-bytes.js';
import {loadUserDatabase} from '../system/user-database.js';
import type {GenerationLaunch} from './generation-launch.js';
import {launchProgram} from './launch-program.js';
import {launchVassal} from './launch-vassal.js';
import type {VassalEvent} from './vassal-state.js';

export type GenerationRequest = {
	readonly name: string;
	readonly generation: number;
	readonly launch: GenerationLaunch;
	/** the vassals directory: where a vassal runs (and relative paths start) */
	readonly directory: string;
	readonly binary: string;
	readonly vassalSet: readonly string[];
	readonly env: NodeJS.ProcessEnv;
	readonly owner?: {readonly uid: number; readonly gid: number} | undefined;
	readonly initgroups?: boolean | undefined;
	/** the held socket: fd 0 for uWSGI, fd 3 (LISTEN_FDS) for another program */
	readonly socketFd?: number | undefined;
	/** the config text a vassal that asks for its config again gets: a source's latest text (a pg:// row edited since) */
	readonly latestText?: (() => string | undefined) | undefined;
};

export type GenerationSink = {
	/** the process exists: the channel the table's bytes go to (uWSGI's socketpair, or a program's stop signal) */
	readonly onSpawned: (pid: number, channel: Channel) => void;
	/** the generation's events, tagged with it; `exited` and `spawn-failed` come last */
	readonly onEvent: (event: VassalEvent) => void;
	/** a program's STATUS= */
	readonly onStatus: (status: string) => void;
	/** details for a debug log */
	readonly onNote: (fields: Record<string, unknown>) => void;
};

// starts the generation; every outcome, a failure to start included, reaches the sink as an event (never a throw)
export const startGeneration = (request: GenerationRequest, sink: GenerationSink): void => {
	const {generation, launch} = request;
	let channel: Channel | undefined;
	const onFailed = (reason: string) => queueMicrotask(() => sink.onEvent({type: 'spawn-failed', reason, generation}));
	const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
		// bytes still in flight after the exit do not matter any more
		channel?.close();
		sink.onEvent({type: 'exited', code, signal, generation});
	};
	const onSpawned = (pid: number, opened: Channel) => {
		channel = opened;
		sink.onSpawned(pid, opened);
		sink.onEvent({type: 'spawned', pid, generation});
	};
	const {program} = launch.config;
	if (program !== undefined) {
		const {name, directory, env, owner, socketFd} = request;
		launchProgram({name, directory, env, program, owner, socketFd, users: loadUserDatabase}, {
			onFailed, onExit, onSpawned, onByte: byte => sink.onEvent({type: 'byte', byte, generation}), onStatus: sink.onStatus, onNote: sink.onNote,
		});
		return;
	}
	const {name, directory, binary, vassalSet, env, owner, initgroups, socketFd} = request;
	launchVassal({binary, name, cwd: directory, vassalSet, env, owner, initgroups, stdin: socketFd, extraArgs: launch.extraArgs, configText: launch.config.keptText}, {
		onFailed, onExit,
		onSpawned: (pid, socket, sendConfig) => onSpawned(pid, openChannel(socket, {
			onByte: byte => {
				// a uWSGI vassal started from a kept config asks for it again before it re-execs itself
				if (byte === FROM_VASSAL.configRequest) sendConfig?.(request.latestText?.());
				sink.onEvent({type: 'byte', byte, generation});
			},
			onClose: () => sink.onEvent({type: 'channel-closed', generation}),
		})),
	});
};
