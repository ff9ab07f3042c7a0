import {resolve} from 'node:path';
import {analyzeVassal} from './analyze-vassal.js';
import {analyzeProgram} from './analyze-program.js';
import type {ProgramSpec} from './program-spec.js';
import {checkHost} from './check-host.js';
import {hasErrors, type ConfigIssue} from './config-issue.js';
import {readHostFacts} from './host-facts.js';
import {readMagicContext} from './magic-context.js';
import {makeMagicTable} from './magic-variables.js';
import {parseVassalText, readVassalFile, type VassalConfig, type VassalFileResult} from './read-vassal-file.js';
import {describeConflict, findBindingConflicts, type BindingClaim, type BindingConflict, type VassalBinding} from './vassal-bindings.js';
import type {VassalOptions} from './vassal-schema.js';

export type VassalLoadOptions = {
	/** default true: check users, groups, paths, plugins and the environment of this machine */
	readonly hostChecks?: boolean;
	/** the emperor's --strict: unknown keys are errors in every vassal */
	readonly isStrict?: boolean;
	/** the sockets other vassals already bind: a vassal asking for one of them is refused */
	readonly claims?: readonly BindingClaim[];
	/** the environment the vassal gets, for $(NAME); default this process's */
	readonly env?: Readonly<Record<string, string | undefined>>;
	/** options set before the file (--vassal-set K=V) */
	readonly preset?: ReadonlyMap<string, string>;
	readonly pluginDirectory?: string;
	readonly binaryPath?: string;
};

/** a vassal file that passed: its config, its options read by the schema, and the sockets it binds */
export type LoadedVassalConfig = VassalConfig & {
	readonly options: VassalOptions;
	/** a program vassal (`[emperor] command`): what to run instead of uWSGI */
	readonly program?: ProgramSpec;
};

export type VassalLoadResult =
	| {readonly ok: true; readonly config: LoadedVassalConfig; readonly warnings: readonly ConfigIssue[]; readonly bindings: readonly VassalBinding[]}
	| {readonly ok: false; readonly issues: readonly ConfigIssue[]; readonly conflictsWith?: readonly string[]};

// the issue of a socket another vassal already binds
const conflictIssue = (conflict: BindingConflict, file: string): ConfigIssue =>
	({file, line: conflict.binding.line, key: conflict.binding.key, code: 'VASSAL_SOCKET_CONFLICT', severity: 'error', message: describeConflict(conflict)});

// reads and checks one vassal file as uWSGI would read it: the same code for the emperor and `emperor check`; never throws
export const loadVassalFile = async (directory: string, name: string, options: VassalLoadOptions = {}): Promise<VassalLoadResult> =>
	checkVassalConfig(await readVassalFile(directory, name), directory, name, options);

// checks a vassal's config that came as text (a pg:// row) exactly as a file is checked; it is then sent through
// the config channel, so uWSGI's file magic (%d, %n …) is left empty, as for any emperor:// config
export const loadVassalText = async (directory: string, name: string, text: string, options: VassalLoadOptions = {}): Promise<VassalLoadResult> => {
	const read = parseVassalText(name, '', text);
	return checkVassalConfig(read.ok ? {...read, config: {...read.config, viaChannel: true}} : read, directory, name, options);
};

const checkVassalConfig = async (read: VassalFileResult, directory: string, name: string, options: VassalLoadOptions): Promise<VassalLoadResult> => {
	if (!read.ok) return read;
	const absolute = resolve(directory);
	const hostChecks = options.hostChecks ?? true;
	if (read.config.kind === 'program') {
		const analysis = analyzeProgram(read.config.entries, name, {directory: absolute, hostChecks, env: options.env ?? process.env});
		const issues = [...read.warnings, ...analysis.issues];
		if (analysis.spec === undefined || hasErrors(issues)) return {ok: false, issues};
		return {ok: true, config: {...read.config, options: {}, program: analysis.spec}, warnings: issues, bindings: []};
	}
	const magic = makeMagicTable(await readMagicContext(absolute, name, options.binaryPath));
	const analysis = analyzeVassal(read.config, {
		directory: absolute, magic, env: options.env ?? process.env, preset: options.preset, isStrict: options.isStrict ?? false, hostChecks,
	});
	const hostIssues = hostChecks ? checkHost(analysis.requirements, await readHostFacts(analysis.requirements, options.pluginDirectory), name) : [];
	const conflicts = findBindingConflicts(analysis.bindings, (options.claims ?? []).filter(claim => claim.vassal !== name));
	const issues = [...read.warnings, ...analysis.issues, ...hostIssues, ...conflicts.map(conflict => conflictIssue(conflict, name))]
		.sort((left, right) => (left.line ?? 0) - (right.line ?? 0));
	if (hasErrors(issues)) return {ok: false, issues, conflictsWith: [...new Set(conflicts.map(conflict => conflict.holder))]};
	return {ok: true, config: {...read.config, options: analysis.options}, warnings: issues, bindings: analysis.bindings};
};
