import {sendControlRequest} from '../control/control-client.js';
import {clientControlPath} from '../control/control-path.js';
import type {VassalCommand} from '../control/control-protocol.js';

// splits `NAME [--control PATH]` (or `--control=PATH`) into the names and the control path
const readArguments = (argv: readonly string[]): {names: string[]; path: string | undefined; isValid: boolean} => {
	const names: string[] = [];
	let path: string | undefined;
	let isValid = true;
	for (let index = 0; index < argv.length; index++) {
		const argument = argv[index]!;
		if (argument === '--control') path = argv[++index];
		else if (argument.startsWith('--control=')) path = argument.slice('--control='.length);
		else if (argument.startsWith('--')) isValid = false;
		else names.push(argument);
	}
	return {names, path: path ?? clientControlPath(process.env), isValid};
};

// `emperor reload|stop|retry NAME [--control PATH]`: one command for one vassal of a running emperor
export const runVassalCommand = async (command: VassalCommand, argv: readonly string[]): Promise<number> => {
	const {names, path, isValid} = readArguments(argv);
	if (!isValid || path === undefined || names.length !== 1) {
		process.stderr.write(`usage: emperor ${command} NAME [--control PATH]\n`);
		return 2;
	}
	const response = await sendControlRequest(path, {command, vassal: names[0]!});
	if (!response.ok) {
		process.stderr.write(`emperor ${command}: ${response.error}\n`);
		return 1;
	}
	process.stdout.write(`${response.message}\n`);
	return 0;
};
