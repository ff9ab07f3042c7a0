// `[emperor] memory-max` and `cpu-max` of a vassal file: what they mean as cgroup2 files, and which controller each
// needs; pure
import type {IniEntry} from '../config/parse-uwsgi-ini.js';

/** the limits of one vassal, as written to its cgroup's memory.max and cpu.max */
export type CgroupLimits = {readonly memoryMax?: string; readonly cpuMax?: string};

/** the [emperor] keys that set a limit, the cgroup file each writes and the controller it needs */
export const LIMIT_KEYS = {
	'memory-max': {file: 'memory.max', controller: 'memory'},
	'cpu-max': {file: 'cpu.max', controller: 'cpu'},
} as const;

export type LimitKey = keyof typeof LIMIT_KEYS;

const UNITS: Readonly<Record<string, number>> = {'': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4};
/** cpu.max's period, in microseconds (systemd's CPUQuotaPeriodSec= default) */
const CPU_PERIOD_USEC = 100_000;

// memory-max: bytes, or with K/M/G/T (powers of 1024, as systemd's MemoryMax=), or max; undefined when malformed
export const parseMemoryMax = (value: string): string | undefined => {
	if (value === 'max' || value === 'infinity') return 'max';
	const match = /^(\d+(?:\.\d+)?)\s*([KMGT]?)B?$/i.exec(value);
	if (match === null) return undefined;
	const bytes = Math.floor(Number(match[1]) * UNITS[match[2]!.toUpperCase()]!);
	return bytes > 0 ? String(bytes) : undefined;
};

// cpu-max: a percentage of one CPU (150% is one and a half, as systemd's CPUQuota=), or max; cpu.max's "QUOTA PERIOD"
export const parseCpuMax = (value: string): string | undefined => {
	if (value === 'max' || value === 'infinity') return `max ${CPU_PERIOD_USEC}`;
	const match = /^(\d+(?:\.\d+)?)%$/.exec(value);
	if (match === null || Number(match[1]) <= 0) return undefined;
	return `${Math.max(1000, Math.round(Number(match[1]) * CPU_PERIOD_USEC / 100))} ${CPU_PERIOD_USEC}`;
};

const PARSERS: Readonly<Record<LimitKey, (value: string) => string | undefined>> = {'memory-max': parseMemoryMax, 'cpu-max': parseCpuMax};
const EXPECTED: Readonly<Record<LimitKey, string>> = {'memory-max': 'bytes, or a size such as 512M or 2G, or max', 'cpu-max': 'a percentage of one CPU such as 50% or 200%, or max'};

export type LimitProblem = {readonly entry: IniEntry; readonly expected: string};

// the limits an [emperor] section sets (the last of each key), and the values that could not be read
export const readCgroupLimits = (entries: readonly IniEntry[]): {readonly limits: CgroupLimits; readonly problems: readonly LimitProblem[]} => {
	const problems: LimitProblem[] = [];
	const read = (key: LimitKey): string | undefined => {
		const entry = entries.findLast(candidate => candidate.section === 'emperor' && candidate.key === key);
		if (entry === undefined) return undefined;
		const parsed = PARSERS[key](String(entry.value).trim());
		if (parsed === undefined) problems.push({entry, expected: EXPECTED[key]});
		return parsed;
	};
	const memoryMax = read('memory-max');
	const cpuMax = read('cpu-max');
	return {limits: {...(memoryMax === undefined ? {} : {memoryMax}), ...(cpuMax === undefined ? {} : {cpuMax})}, problems};
};
