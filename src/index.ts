// public API: re-exports only
export {startEmperor, type Emperor} from './emperor/emperor.js';
export {makeVassalPolicy} from './emperor/vassal-policy.js';
export {parseOptions, validateOptions, type OptionsResult} from './options/parse-options.js';
export type {EmperorOptions} from './options/emperor-options.js';
export {readVassalFile, type VassalConfig, type VassalFileResult} from './config/read-vassal-file.js';
export {formatConfigIssue, type ConfigIssue} from './config/config-issue.js';
export {transition, transitions} from './vassal/transitions.js';
export type {VassalRecord, VassalState, VassalEvent, Effect} from './vassal/vassal-state.js';
