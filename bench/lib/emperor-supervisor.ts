// runs the built emperor CLI as a supervisor of the benchmark's vassals, timed by its own log lines
import {startEmperorProcess} from '../../test/helpers/emperor-process.js';
import {timeOf} from '../../test/helpers/log-fields.js';
import type {Supervisor, SupervisorOptions} from './supervisor.js';

// starts `emperor --vassals DIR` and waits until its first scan is applied (emperor-ready)
export const startEmperorSupervisor = async ({vassalsDir, extraArgs = []}: SupervisorOptions): Promise<Supervisor> => {
	const emperor = startEmperorProcess(['--vassals', vassalsDir, ...extraArgs]);
	await emperor.waitForLog({event: 'emperor-ready'}, 30_000);
	const metrics = emperor.logs.find(line => line.event === 'emperor-endpoint' && line.endpoint === 'metrics');
	return {
		kind: 'emperor',
		pid: emperor.pid,
		metricsAddress: metrics === undefined ? undefined : String(metrics.address),
		async waitForVassal(name, exclude = [], timeoutMs = 60_000) {
			const line = await emperor.waitForLog(
				entry => entry.event === 'vassal-spawned' && entry.vassal === name && !exclude.includes(entry.pid as number),
				timeoutMs,
			);
			return {pid: line.pid as number, at: timeOf(line)};
		},
		countSpawns: name => emperor.countLogs({event: 'vassal-spawned', vassal: name}),
		async stop(signal) {
			const sentAt = Date.now();
			await emperor.stop(signal);
			return Date.now() - sentAt;
		},
	};
};
