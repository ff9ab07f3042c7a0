import type {ConfigIssue} from './config-issue.js';
import {expandPlaceholders, type ExpansionContext} from './expand-placeholders.js';
import {issuesOfConstructs, issuesOfExpansion} from './expansion-issues.js';
import {listHostRequirements, type HostRequirement} from './host-requirements.js';
import {findLogicBlocks} from './logic-blocks.js';
import {checkOnDemandSocket} from './on-demand-socket.js';
import {checkEmperorKeys} from './program-spec.js';
import type {VassalConfig} from './read-vassal-file.js';
import {checkSemantics} from './semantic-checks.js';
import {checkUnknownKeys} from './unknown-keys.js';
import {validateOptions} from './validate-options.js';
import {collectBindings, type VassalBinding} from './vassal-bindings.js';
import {makeVassalPaths} from './vassal-paths.js';
import type {VassalOptions} from './vassal-schema.js';

export type AnalysisContext = ExpansionContext & {
	/** the vassals directory: relative paths start there, as the vassal runs in it */
	readonly directory: string;
	/** the emperor's --strict: unknown keys are errors in every vassal */
	readonly isStrict: boolean;
	/** false skips the facts of this machine: users, groups, paths, plugins, environment */
	readonly hostChecks: boolean;
};

export type VassalAnalysis = {
	readonly options: VassalOptions;
	readonly issues: readonly ConfigIssue[];
	readonly bindings: readonly VassalBinding[];
	/** what to check on this machine (empty without host checks) */
	readonly requirements: readonly HostRequirement[];
};

// everything that can be said of one vassal file without looking at this machine or at other vassals
export const analyzeVassal = (config: VassalConfig, context: AnalysisContext): VassalAnalysis => {
	const file = config.name;
	const entries = config.entries.filter(entry => entry.section === 'uwsgi');
	const expansion = expandPlaceholders(entries, context);
	const blocks = findLogicBlocks(expansion.entries);
	const hasIncludes = blocks.constructs.some(construct => construct.kind === 'include');
	const {options, issues: valueIssues} = validateOptions(expansion.entries, file);
	const paths = makeVassalPaths(context.directory, options);
	const bindings = collectBindings(expansion.entries, paths.resolve, blocks.conditional);
	const issues = [
		...issuesOfConstructs(blocks.constructs, file),
		...issuesOfExpansion(expansion.notes, file, {hostChecks: context.hostChecks, hasIncludes}),
		...valueIssues,
		...checkUnknownKeys(entries, expansion.references, context.isStrict || options.strict === true, file),
		...checkSemantics(options, expansion.entries, file),
		...checkOnDemandSocket(config.entries, bindings, context.directory, file),
		...checkEmperorKeys(config.entries, file, false),
	].sort((left, right) => (left.line ?? 0) - (right.line ?? 0));
	const requirements = context.hostChecks ? listHostRequirements(expansion.entries, bindings, paths, blocks.conditional) : [];
	return {options, issues, bindings, requirements};
};
