import {sendControlRequest} from '../control/control-client.js';
import {parseCommandArguments} from './command-arguments.js';
import {formatStatus} from './format-status.js';
import {readStatsDocument} from './read-stats.js';
import {reachEmperor} from './reach-emperor.js';

const USAGE = `usage: emperor status [--json] [--vassals DIR | --control PATH | --stats ADDR]
  finds the running emperor by itself; when several run, --vassals DIR (or --emperor DIR) picks the one
  governing DIR, --control PATH names its control socket, --stats ADDR reads any stats server (also uWSGI's)`;

// fetches the stats document from a stats server, or else from the emperor's control socket
const fetchDocument = async (target: {stats?: string; control?: string; vassals?: string}): Promise<unknown> => {
	if (target.stats !== undefined) return readStatsDocument(target.stats);
	const reached = await reachEmperor(target);
	if (!reached.ok) throw new Error(reached.message);
	if (reached.document !== undefined) return reached.document;
	const response = await sendControlRequest(reached.path, {command: 'status'});
	if (!response.ok) throw new Error(response.error);
	return response.result;
};

// `emperor status`: a table of vassals (or the raw JSON with --json) from a running emperor
export const runStatusCommand = async (argv: readonly string[]): Promise<number> => {
	const {values, flags, names, errors} = parseCommandArguments(argv, {values: ['--stats', '--control', '--vassals'], flags: ['--json', '--help']});
	if (flags.has('--help')) {
		process.stdout.write(`${USAGE}\n`);
		return 0;
	}
	if (errors.length > 0 || names.length > 0) {
		process.stderr.write(`emperor status: ${[...errors, ...names.map(name => `unexpected argument ${name}`)].join('; ')}\n${USAGE}\n`);
		return 2;
	}
	try {
		const document = await fetchDocument({stats: values['--stats'], control: values['--control'], vassals: values['--vassals']});
		if (flags.has('--json')) process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
		else process.stdout.write(formatStatus(document as {vassals?: unknown}, Date.now() / 1000, {color: process.stdout.isTTY === true, width: process.stdout.columns}));
		return 0;
	} catch (error) {
		process.stderr.write(`emperor status: ${(error as Error).message}\n`);
		return 1;
	}
};
