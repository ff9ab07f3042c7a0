// how much of the machine something other than the benchmark used while a scenario ran: the benchmark's own CPU is
// what the runner's reaped children used (a scenario, its supervisors, their vassals), the machine's is /proc/stat
import {readFileSync} from 'node:fs';
import {availableParallelism} from 'node:os';

// clock ticks per second of /proc/stat and /proc/PID/stat (getconf CLK_TCK)
const TICKS_PER_SECOND = 100;

// CPU time every CPU spent not idle since boot, in ms (user nice system irq softirq steal; not idle, not iowait)
const readMachineBusyMs = (): number => {
	const [, user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number);
	return ((user! + nice! + system! + irq! + softirq! + steal!) * 1000) / TICKS_PER_SECOND;
};

// CPU time of this process's reaped children and their reaped children, in ms (cutime + cstime)
const readReapedChildrenMs = (): number => {
	const stat = readFileSync('/proc/self/stat', 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return ((Number(fields[13]) + Number(fields[14])) * 1000) / TICKS_PER_SECOND;
};

export type LoadProbe = {readonly startedAt: number; readonly machineMs: number; readonly ownMs: number};

// starts counting: call before a scenario
export const startLoadProbe = (): LoadProbe => ({startedAt: Date.now(), machineMs: readMachineBusyMs(), ownMs: readReapedChildrenMs()});

// the share of the whole machine (all CPUs) that others used since the probe started, in % (call after the reap)
export const readOthersShare = (probe: LoadProbe): number => {
	const others = readMachineBusyMs() - probe.machineMs - (readReapedChildrenMs() - probe.ownMs);
	return Math.max(0, (others / ((Date.now() - probe.startedAt) * availableParallelism())) * 100);
};
