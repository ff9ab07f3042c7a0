// the commands besides running the emperor; each takes the arguments after its name and returns an exit status.
// Each one imports its modules when it runs, so a command loads nothing the others need.
export const SUBCOMMANDS: Readonly<Record<string, (argv: readonly string[]) => Promise<number>>> = {
	check: async argv => (await import('../check/run-check.js')).runCheck(argv),
	status: async argv => (await import('./status-command.js')).runStatusCommand(argv),
	reload: async argv => (await import('./vassal-command.js')).runVassalCommand('reload', argv),
	stop: async argv => (await import('./vassal-command.js')).runVassalCommand('stop', argv),
	retry: async argv => (await import('./vassal-command.js')).runVassalCommand('retry', argv),
	logs: async argv => (await import('./logs-command.js')).runLogsCommand(argv),
};
