import type {LogLine} from './emperor-process.js';

// reads the numeric pid of a log line, failing loudly when it is missing
export const pidOf = (line: LogLine): number => {
	const {pid} = line;
	if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) throw new Error(`log line has no pid: ${JSON.stringify(line)}`);
	return pid;
};

// reads the time pino put on a log line (epoch ms or an ISO string) as epoch ms
export const timeOf = (line: LogLine): number => {
	const {time} = line;
	const milliseconds = typeof time === 'string' ? Date.parse(time) : time;
	if (typeof milliseconds !== 'number' || Number.isNaN(milliseconds)) throw new Error(`log line has no time: ${JSON.stringify(line)}`);
	return milliseconds;
};

// prints one measured figure in a greppable form (a report, not an assertion)
export const printFigure = (label: string, milliseconds: number): void => {
	console.log(`[figure] ${label}: ${Math.round(milliseconds)} ms`);
};
