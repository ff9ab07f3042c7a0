import type {LogsRequest} from '../control/control-protocol.js';
import {formatClock} from '../output/pretty-line.js';
import {readLogsAnswer} from '../output/read-logs.js';
import {DEFAULT_LOG_LINES, type LogsResult} from '../output/serve-logs.js';
import {parseCommandArguments} from './command-arguments.js';
import {reachEmperor} from './reach-emperor.js';

const USAGE = `usage: emperor logs NAME [-f|--follow] [-n|--lines N] [--vassals DIR | --control PATH]
  the vassal's recent lines (${DEFAULT_LOG_LINES} unless -n says), then with -f each new one as it comes;
  under systemd they are read from the journal (journalctl -t NAME), elsewhere from the running emperor`;

type Line = {time: number; stream: string; text: string};

// the short spellings tail and journalctl use: -f, -n N, -nN
export const spellOutLogsArguments = (argv: readonly string[]): string[] =>
	argv.flatMap(argument => {
		if (argument === '-f') return ['--follow'];
		if (argument === '-n') return ['--lines'];
		if (/^-n\d+$/.test(argument)) return [`--lines=${argument.slice(2)}`];
		return [argument];
	});

// one line as `emperor logs` prints it: its time, then the text as the vassal wrote it
export const formatLogLine = (line: Line): string => `${formatClock(line.time)} ${line.text}\n`;

// the journal's lines of one identifier, through journalctl (execa is loaded only then)
const runJournalctl = async (identifier: string, lines: number, follow: boolean): Promise<number> => {
	const {execa} = await import('execa');
	const result = await execa('journalctl', ['-t', identifier, '-n', String(lines), '--no-pager', ...(follow ? ['-f'] : [])], {stdio: 'inherit', reject: false});
	return result.exitCode ?? 1;
};

// `emperor logs NAME [-f] [-n N]`: a vassal's recent lines, like `pm2 logs` and `journalctl -t`
export const runLogsCommand = async (argv: readonly string[]): Promise<number> => {
	const {values, flags, names, errors} = parseCommandArguments(spellOutLogsArguments(argv), {values: ['--control', '--vassals', '--lines'], flags: ['--follow', '--help']});
	if (flags.has('--help')) {
		process.stdout.write(`${USAGE}\n`);
		return 0;
	}
	const lines = values['--lines'] === undefined ? DEFAULT_LOG_LINES : Number(values['--lines']);
	const problems = [...errors, ...(names.length === 1 ? [] : ['expected one vassal NAME']), ...(Number.isInteger(lines) && lines >= 0 && lines <= 10_000 ? [] : ['-n expects a count of lines (0 to 10000)'])];
	if (problems.length > 0) {
		process.stderr.write(`emperor logs: ${problems.join('; ')}\n${USAGE}\n`);
		return 2;
	}
	const reached = await reachEmperor({control: values['--control'], vassals: values['--vassals']});
	if (!reached.ok) {
		process.stderr.write(`emperor logs: ${reached.message}\n`);
		return 1;
	}
	const request: LogsRequest = {command: 'logs', vassal: names[0]!, lines, follow: flags.has('--follow')};
	let journal: string | undefined;
	let refusal: string | undefined;
	let isFirst = true;
	const failure = await readLogsAnswer(reached.path, request, value => {
		if (!isFirst) return void process.stdout.write(formatLogLine(value as Line));
		isFirst = false;
		const response = value as {ok: boolean; error?: string; result?: LogsResult};
		if (!response.ok || response.result === undefined) return void (refusal = response.error ?? 'the emperor refused the request');
		if ('journal' in response.result) return void (journal = response.result.journal);
		for (const line of response.result.lines) process.stdout.write(formatLogLine(line));
		if (response.result.lines.length === 0 && !request.follow) process.stderr.write(`emperor logs: no line from ${request.vassal} yet (a vassal's lines are kept from its first one on)\n`);
	});
	if (journal !== undefined) return runJournalctl(journal, lines, request.follow === true);
	if (failure !== undefined || refusal !== undefined) {
		process.stderr.write(`emperor logs: ${failure ?? refusal}\n`);
		return 1;
	}
	return 0;
};
