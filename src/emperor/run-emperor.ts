import {stat} from 'node:fs/promises';
import {createRequire} from 'node:module';
import {startEmperor} from './emperor.js';
import {startEndpoints, type Endpoints} from './endpoints.js';
import {reportToSystemd} from './systemd-status.js';
import {logIniNotes} from '../observe/ini-notes.js';
import {createLogger, type Logger} from '../observe/logger.js';
import type {EmperorOptions} from '../options/emperor-options.js';
import {loadOptions} from '../options/load-options.js';
import {parseSourceSpecs} from '../sources/source-spec.js';
import {logPassedSockets, logUnclaimedSockets, openPassedSockets, setPassedSockets} from '../on-demand/passed-sockets.js';
import {parseListenFds} from '../system/listen-fds.js';
import {openServiceNotify} from '../system/service-notify.js';
import {dropPrivileges, planPrivilegeDrop} from '../system/drop-privileges.js';
import {currentUser} from '../system/privileges.js';
import {installSignalHandlers} from '../system/signals.js';
import {loadUserDatabase} from '../system/user-database.js';
import {startWatchdog, watchdogIntervalMs} from '../system/watchdog.js';
import {arrangeCgroups} from '../cgroup/arrange-cgroups.js';
import {describePidOne} from '../system/pid-one.js';

// exit status for a start-up error: not in SuccessExitStatus, so systemd reports a failure
const EXIT_STARTUP_ERROR = 1;

const readVersion = (): string => (createRequire(import.meta.url)('../../package.json') as {version: string}).version;

// a clear message when the vassal directory cannot be governed
const checkVassalsDirectory = async (directory: string): Promise<{code: string; message: string} | undefined> => {
	try {
		const stats = await stat(directory);
		return stats.isDirectory() ? undefined : {code: 'EMPEROR_VASSALS_DIR_INVALID', message: `vassals directory ${directory} is not a directory`};
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') return {code: 'EMPEROR_VASSALS_DIR_MISSING', message: `vassals directory ${directory} does not exist`};
		return {code: 'EMPEROR_VASSALS_DIR_INVALID', message: `cannot use vassals directory ${directory} (${code})`};
	}
};

const governVassals = async (options: EmperorOptions, logger: Logger): Promise<number> => {
	// systemd's sockets first: marked close-on-exec before anything is spawned, kept for vassals of their name
	const passed = openPassedSockets(parseListenFds(process.env, process.pid));
	logPassedSockets(passed, logger);
	setPassedSockets(passed.sockets);
	const sources = parseSourceSpecs(options.vassalsDir);
	if (!sources.ok) {
		logger.fatal({event: 'emperor-fatal', code: 'EMPEROR_SOURCE_INVALID', errors: sources.errors}, sources.errors.join('; '));
		return EXIT_STARTUP_ERROR;
	}
	// every directory must exist (a glob may match nothing yet)
	for (const source of sources.sources) {
		if (source.kind !== 'dir') continue;
		const problem = await checkVassalsDirectory(source.directory);
		if (problem !== undefined) {
			logger.fatal({event: 'emperor-fatal', code: problem.code, vassalsDir: source.directory}, problem.message);
			return EXIT_STARTUP_ERROR;
		}
	}
	const privileges = planPrivilegeDrop(options, currentUser(), loadUserDatabase());
	if (!privileges.ok) {
		logger.fatal({event: 'emperor-fatal', code: 'EMPEROR_PRIVILEGES_INVALID'}, privileges.error);
		return EXIT_STARTUP_ERROR;
	}
	// under systemd with Delegate=yes: the emperor in a leaf of its cgroup, a cgroup for each vassal beside it
	arrangeCgroups(process.env, logger);
	const pidOne = describePidOne(process.pid);
	if (pidOne !== undefined) logger.warn({event: 'emperor-pid-one', code: 'EMPEROR_PID_ONE'}, pidOne);
	const notify = openServiceNotify(logger);
	const stopWatchdog = startWatchdog(notify, watchdogIntervalMs(process.env, process.pid));
	let endpoints: Endpoints = {close: async () => {}};
	const emperor = await startEmperor(options, logger, async started => {
		endpoints = await startEndpoints(started, options, logger, `emperor-${readVersion()}`);
		// the sockets are bound as root; from here on the emperor and its vassals run as the planned user
		if (privileges.drop !== undefined) {
			dropPrivileges(privileges.drop);
			logger.info({event: 'emperor-privileges-dropped', uid: privileges.drop.uid, gid: privileges.drop.gid}, `running as uid ${privileges.drop.uid} gid ${privileges.drop.gid}`);
		}
	});
	if (passed.sockets.sockets.length > 0) void emperor.firstScan.then(() => logUnclaimedSockets(passed.sockets, logger));
	const systemd = reportToSystemd({emperor, sender: notify, logger, readyTimeoutMs: options.readyTimeoutSeconds * 1000, isNotifying: notify.transport !== 'none'});
	const removeHandlers = installSignalHandlers({
		onSignal: signal => logger.info({event: 'emperor-signal', signal}, `received ${signal}`),
		onStop(signal) {
			systemd.stopping();
			emperor.shutdown(signal);
		},
		onReloadAll: () => systemd.reload(() => emperor.reloadAll()),
		onLogVassals: () => emperor.logVassals(),
		onRetryAll: () => emperor.retryAll(),
		onRescan: () => emperor.rescan(),
	});
	await emperor.buried;
	await endpoints.close();
	removeHandlers();
	systemd.buried();
	stopWatchdog();
	await notify.close();
	return 0;
};

// options → logger → the emperor, until it is buried; returns the exit status
export const runEmperor = async (argv: readonly string[]): Promise<number> => {
	const parsed = loadOptions(argv);
	if (!parsed.ok) {
		// the options did not parse, so the log format is the default one
		const logger = createLogger({level: 'info'});
		logger.fatal({event: 'emperor-fatal', code: 'EMPEROR_OPTIONS_INVALID', errors: parsed.errors}, `invalid options: ${parsed.errors.join('; ')}`);
		return EXIT_STARTUP_ERROR;
	}
	const logger = createLogger({level: parsed.options.logLevel, format: parsed.options.logFormat});
	logIniNotes(parsed.notes, logger);
	return governVassals(parsed.options, logger);
};
