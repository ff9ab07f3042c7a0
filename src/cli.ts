#!/usr/bin/env -S node --max-semi-space-size=1 --optimize-for-size
// --max-semi-space-size=1: V8's young generation in 1 MiB halves instead of 16 MiB; --optimize-for-size: a heap that
// grows in smaller steps and less eager compiling. At 1000 vassals they keep the emperor's RSS ~30 MB smaller for
// ~0.7 ms more CPU per spawn (docs/benchmarks.md, "RSS at 1000 vassals"). Read by
// src/emperor/node-flags.ts for the code cache and the tests, so run dist/cli.js itself, not `node dist/cli.js`
import {createRequire} from 'node:module';
import {SUBCOMMANDS} from './commands/subcommands.js';
import {CLI_FLAGS} from './options/cli-flags.js';

// each command loads only the modules it needs: `--help` or `status` never pays for the emperor's own
const printHelp = async () => {
	const {formatHelp} = await import('./options/format-help.js');
	const width = process.stdout.isTTY ? Math.min(Math.max(process.stdout.columns, 60), 120) : 80;
	process.stdout.write(formatHelp(CLI_FLAGS, width));
};

const readVersion = (): string => (createRequire(import.meta.url)('../package.json') as {version: string}).version;

// argv → options → run; every failure becomes a message and an exit status, never a stack trace
const main = async (argv: readonly string[]): Promise<number> => {
	const subcommand = argv[0] !== undefined && Object.hasOwn(SUBCOMMANDS, argv[0]) ? SUBCOMMANDS[argv[0]] : undefined;
	if (subcommand !== undefined) return subcommand(argv.slice(1));
	if (argv.includes('--help') || argv.includes('-h')) {
		await printHelp();
		return 0;
	}
	if (argv.includes('--version')) {
		process.stdout.write(`emperor ${readVersion()}\n`);
		return 0;
	}
	const {loadRunEmperor} = await import('./emperor/load-run-emperor.js');
	const {runEmperor} = (await loadRunEmperor()).module;
	return runEmperor(argv);
};
main(process.argv.slice(2)).then(
	code => process.exit(code),
	(error: unknown) => {
		process.stderr.write(`emperor: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
		process.exit(70);
	},
);
