import {runCheck} from '../check/run-check.js';
import {runStatusCommand} from './status-command.js';
import {runVassalCommand} from './vassal-command.js';

// the commands besides running the emperor; each takes the arguments after its name and returns an exit status
export const SUBCOMMANDS: Readonly<Record<string, (argv: readonly string[]) => Promise<number>>> = {
	check: argv => runCheck(argv),
	status: runStatusCommand,
	reload: argv => runVassalCommand('reload', argv),
	stop: argv => runVassalCommand('stop', argv),
	retry: argv => runVassalCommand('retry', argv),
};
