import {z} from '../lib/zod.js';
import {parseSourceSpec} from '../sources/source-spec.js';

// the app server run when neither --binary-path nor --emperor-wrapper says otherwise
export const DEFAULT_BINARY = 'uwsgi';

const VASSALS = {error: 'expected a directory of vassal files (--vassals DIR)'};
const SECONDS = {error: 'expected a non-negative number of seconds'};
const COUNT = {error: 'expected a whole number, 0 or more'};
const MILLISECONDS = {error: 'expected a positive whole number of milliseconds'};
const seconds = (fallback: number) => z.coerce.number(SECONDS).nonnegative(SECONDS).default(fallback);
const milliseconds = (fallback: number) => z.coerce.number(MILLISECONDS).int(MILLISECONDS).positive(MILLISECONDS).default(fallback);
// a vassal source: a directory, a glob, dir:// or glob://; a malformed one is refused naming it
const sourceSpec = z.string(VASSALS).min(1, VASSALS).superRefine((value, context) => {
	const parsed = parseSourceSpec(value);
	if (!parsed.ok) context.addIssue({code: 'custom', message: parsed.error});
});
// uWSGI spells booleans many ways; a bare flag is true
const flag = z.union([z.boolean(), z.stringbool({truthy: ['true', '1', 'yes', 'on', 'y'], falsy: ['false', '0', 'no', 'off', 'n']})]).default(false);

// every emperor option, its default and its check: the single place where defaults live
export const emperorOptionsSchema = z.object({
	/** the vassal sources, one per --vassals / --emperor (or emperor ini line), in order: see sources/source-spec.ts */
	vassalsDir: z.array(sourceSpec, VASSALS).min(1, VASSALS),
	freqSeconds: z.coerce.number({error: 'expected a positive number of seconds'}).positive({error: 'expected a positive number of seconds'}).default(3),
	throttleMs: milliseconds(1000),
	maxThrottleMs: milliseconds(180_000),
	stableUptimeSeconds: seconds(10),
	restartIntensity: z.coerce.number(COUNT).int(COUNT).nonnegative(COUNT).default(5),
	restartPeriodSeconds: z.coerce.number({error: 'expected a positive number of seconds'}).positive({error: 'expected a positive number of seconds'}).default(60),
	curseToleranceSeconds: seconds(30),
	requiredHeartbeatSeconds: seconds(30),
	reloadMercySeconds: seconds(30),
	readyTimeoutSeconds: seconds(30),
	reloadTimeoutSeconds: z.coerce.number({error: 'expected a positive number of seconds'}).positive({error: 'expected a positive number of seconds'}).default(60),
	reloadConcurrency: z.coerce.number({error: 'expected a whole number, 1 or more'}).int({error: 'expected a whole number, 1 or more'}).positive({error: 'expected a whole number, 1 or more'}).default(2),
	settleMs: z.coerce.number(MILLISECONDS).int(MILLISECONDS).nonnegative(MILLISECONDS).default(30),
	binaryPath: z.string().min(1).default(DEFAULT_BINARY),
	wrapper: z.string().min(1).optional(),
	gracefulShutdown: flag,
	strict: flag,
	nofollow: flag,
	tyrant: flag,
	tyrantNofollow: flag,
	tyrantInitgroups: flag,
	onDemandExtension: z.string().min(1).optional(),
	onDemandDirectory: z.string().min(1).optional(),
	onDemandExec: z.string().min(1).optional(),
	pgChannel: z.string().min(1).max(63, 'expected a PostgreSQL identifier of at most 63 bytes').default('emperor'),
	uid: z.string().min(1).optional(),
	gid: z.string().min(1).optional(),
	vassalSet: z.array(z.string().regex(/^[^=]+=/, 'expected KEY=VALUE')).default([]),
	logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal'], {error: 'expected trace, debug, info, warn, error or fatal'}).default('info'),
	statsAddress: z.string().min(1).optional(),
	metricsAddress: z.string().min(1).optional(),
	controlPath: z.string().min(1).optional(),
	logFormat: z.enum(['json', 'pretty'], {error: 'expected json or pretty'}).optional(),
	iniFile: z.string().min(1).optional(),
});

export type EmperorOptions = Readonly<z.infer<typeof emperorOptionsSchema>>;
export type RawEmperorOptions = z.input<typeof emperorOptionsSchema>;
