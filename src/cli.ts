#!/usr/bin/env node
import {stat} from 'node:fs/promises';
import {createRequire} from 'node:module';
import {startEmperor} from './emperor/emperor.js';
import {createLogger, type Logger} from './observe/logger.js';
import {CLI_FLAGS} from './options/cli-flags.js';
import type {EmperorOptions} from './options/emperor-options.js';
import {parseOptions} from './options/parse-options.js';
import {installSignalHandlers} from './system/signals.js';

// exit status for a start-up error: not in SuccessExitStatus, so systemd reports a failure
const EXIT_STARTUP_ERROR = 1;

const printHelp = () => {
	const rows = Object.entries(CLI_FLAGS).map(([flag, spec]) => `  --${flag}${spec.kind === 'boolean' ? '' : ' VALUE'}`.padEnd(36) + spec.help);
	process.stdout.write(`usage: emperor --vassals DIR [options]\n\nWatches DIR and runs one app server (uwsgi --ini NAME) per *.ini file.\n\n${rows.join('\n')}\n`);
};

const readVersion = (): string => (createRequire(import.meta.url)('../package.json') as {version: string}).version;

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

const runEmperor = async (options: EmperorOptions, logger: Logger): Promise<number> => {
	const problem = await checkVassalsDirectory(options.vassalsDir);
	if (problem !== undefined) {
		logger.fatal({event: 'emperor-fatal', code: problem.code, vassalsDir: options.vassalsDir}, problem.message);
		return EXIT_STARTUP_ERROR;
	}
	const emperor = await startEmperor(options, logger);
	const removeHandlers = installSignalHandlers({
		onSignal: signal => logger.info({event: 'emperor-signal', signal}, `received ${signal}`),
		onStop: signal => emperor.shutdown(signal),
		onReloadAll: () => emperor.reloadAll(),
		onLogVassals: () => emperor.logVassals(),
		onRetryAll: () => emperor.retryAll(),
		onRescan: () => emperor.rescan(),
	});
	await emperor.buried;
	removeHandlers();
	return 0;
};

// argv → options → run; every failure becomes a message and an exit status, never a stack trace
const main = async (argv: readonly string[]): Promise<number> => {
	if (argv.includes('--help') || argv.includes('-h')) {
		printHelp();
		return 0;
	}
	if (argv.includes('--version')) {
		process.stdout.write(`emperor ${readVersion()}\n`);
		return 0;
	}
	const parsed = parseOptions(argv);
	if (!parsed.ok) {
		// the options did not parse, so the log format is the default one
		const logger = createLogger({level: 'info'});
		logger.fatal({event: 'emperor-fatal', code: 'EMPEROR_OPTIONS_INVALID', errors: parsed.errors}, `invalid options: ${parsed.errors.join('; ')}`);
		return EXIT_STARTUP_ERROR;
	}
	const logger = createLogger({level: parsed.options.logLevel, format: parsed.options.logFormat});
	return runEmperor(parsed.options, logger);
};

main(process.argv.slice(2)).then(
	code => process.exit(code),
	(error: unknown) => {
		process.stderr.write(`emperor: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
		process.exit(70);
	},
);
