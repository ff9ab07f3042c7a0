import {sendControlRequest} from '../control/control-client.js';
import {clientControlPath} from '../control/control-path.js';
import {formatStatusTable} from './format-status.js';
import {readStatsDocument} from './read-stats.js';

const USAGE = 'usage: emperor status [--stats ADDR | --control PATH] [--json]';

const valueAfter = (argv: readonly string[], flag: string): string | undefined => {
	const index = argv.indexOf(flag);
	if (index !== -1) return argv[index + 1];
	return argv.find(argument => argument.startsWith(`${flag}=`))?.slice(flag.length + 1);
};

// fetches the stats document from a stats server, or else through the control socket
const fetchDocument = async (argv: readonly string[]): Promise<unknown> => {
	const stats = valueAfter(argv, '--stats');
	if (stats !== undefined) return readStatsDocument(stats);
	const path = valueAfter(argv, '--control') ?? clientControlPath(process.env);
	const response = await sendControlRequest(path, {command: 'status'});
	if (!response.ok) throw new Error(response.error);
	return response.result;
};

// `emperor status`: a table of vassals (or the raw JSON with --json) from a running emperor
export const runStatusCommand = async (argv: readonly string[]): Promise<number> => {
	if (argv.includes('--help')) {
		process.stdout.write(`${USAGE}\n`);
		return 0;
	}
	try {
		const document = await fetchDocument(argv);
		if (argv.includes('--json')) process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
		else process.stdout.write(formatStatusTable(document as {vassals?: unknown}, Date.now() / 1000, {color: process.stdout.isTTY === true}));
		return 0;
	} catch (error) {
		process.stderr.write(`emperor status: ${(error as Error).message}\n`);
		return 1;
	}
};
