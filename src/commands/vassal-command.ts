import {sendControlRequest} from '../control/control-client.js';
import type {VassalCommand} from '../control/control-protocol.js';
import {parseCommandArguments} from './command-arguments.js';
import {reachEmperor} from './reach-emperor.js';

// `emperor reload|stop|retry NAME [--vassals DIR | --control PATH]`: one command for one vassal of a running emperor
export const runVassalCommand = async (command: VassalCommand, argv: readonly string[]): Promise<number> => {
	const {values, flags, names, errors} = parseCommandArguments(argv, {values: ['--control', '--vassals'], flags: ['--help']});
	const usage = `usage: emperor ${command} NAME [--vassals DIR | --control PATH]\n`;
	if (flags.has('--help')) {
		process.stdout.write(usage);
		return 0;
	}
	if (errors.length > 0 || names.length !== 1) {
		process.stderr.write(usage);
		return 2;
	}
	const reached = await reachEmperor({control: values['--control'], vassals: values['--vassals']});
	const response = reached.ok ? await sendControlRequest(reached.path, {command, vassal: names[0]!}) : {ok: false as const, error: reached.message};
	if (!response.ok) {
		process.stderr.write(`emperor ${command}: ${response.error}\n`);
		return 1;
	}
	process.stdout.write(`${response.message}\n`);
	return 0;
};
