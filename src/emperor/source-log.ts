// what the vassal sources report, as log lines: errors, refused duplicates, state changes, ignored rows
import type {Logger} from '../observe/logger.js';
import type {SourcesHandlers} from '../sources/start-sources.js';

// the handlers of startSources other than onFile, each logging one event
export const logSourceEvents = (logger: Logger): Omit<SourcesHandlers, 'onFile'> => ({
	onError(error, context) {
		logger.warn({event: 'monitor-error', err: {message: error.message, code: (error as NodeJS.ErrnoException).code}}, `${context}: ${error.message}`);
	},
	onDuplicate(name, owner, refused) {
		logger.error({event: 'vassal-name-duplicate', vassal: name, code: 'VASSAL_NAME_DUPLICATE', source: refused, owner}, `vassal ${name} from ${refused} refused: ${owner} already has a vassal of that name, which keeps running`);
	},
	onNoMatch(spec) {
		logger.info({event: 'source-no-match', source: spec}, `${spec} matches no vassal file yet: watching for the first one`);
	},
	onSourceState(spec, state, detail) {
		logger[state === 'connected' || state === 'connecting' ? 'info' : 'warn']({event: 'source-state', source: spec, state, detail}, `${spec}: ${state}: ${detail}`);
	},
	onRowProblems(spec, problems) {
		for (const problem of problems) logger.warn({event: 'source-row-ignored', source: spec, problem}, `${spec}: ${problem}`);
	},
});
