import {parseArgs} from 'node:util';
import {checkVassals} from './check-vassals.js';
import {collectVassalFiles} from './collect-vassal-files.js';
import {countIssues, formatCheckJson, formatCheckText} from './format-check-report.js';

/** exit statuses of `emperor check`, like `nginx -t`: 0 only warnings (or none), 1 errors, 2 a bad command line */
export const CHECK_EXIT = {ok: 0, errors: 1, usage: 2} as const;

const USAGE = `usage: emperor check [--json] [--no-host-checks] [--strict] PATH...

Checks vassal files (or every *.ini of a directory, the matches of a glob, or the rows of a 'pg://CONNINFO;QUERY')
as the emperor would before running them: uWSGI's ini rules,
placeholders, option values, unknown options, sockets bound twice, and facts of this machine (users, groups,
paths, plugins, environment). Exits 0 when there are only warnings, 1 on errors.

  --json             print {ok, errors, warnings, notes, files: [{file, ok, issues}]}
  --no-host-checks   skip the facts of this machine (for a build machine that is not the target)
  --strict           unknown options are errors in every file, as with strict = true
`;

type Output = {readonly stdout: (text: string) => void; readonly stderr: (text: string) => void};

const defaultOutput: Output = {stdout: text => process.stdout.write(text), stderr: text => process.stderr.write(text)};

// `emperor check PATH...`: prints the issues of the files and returns the exit status
export const runCheck = async (argv: readonly string[], output: Output = defaultOutput): Promise<number> => {
	let parsed;
	try {
		parsed = parseArgs({args: [...argv], allowPositionals: true, options: {
			json: {type: 'boolean'}, 'no-host-checks': {type: 'boolean'}, strict: {type: 'boolean'}, help: {type: 'boolean', short: 'h'},
		}});
	} catch (error) {
		output.stderr(`emperor check: ${(error as Error).message}\n${USAGE}`);
		return CHECK_EXIT.usage;
	}
	const {values, positionals} = parsed;
	if (values.help === true) {
		output.stdout(USAGE);
		return CHECK_EXIT.ok;
	}
	if (positionals.length === 0) {
		output.stderr(`emperor check: expected at least one file or directory\n${USAGE}`);
		return CHECK_EXIT.usage;
	}
	const {targets, issues} = await collectVassalFiles(positionals);
	const verdicts = await checkVassals(targets, {hostChecks: values['no-host-checks'] !== true, isStrict: values.strict === true});
	output.stdout(values.json === true ? formatCheckJson(verdicts, issues) : formatCheckText(verdicts, issues));
	return countIssues(verdicts, issues).errors > 0 ? CHECK_EXIT.errors : CHECK_EXIT.ok;
};
