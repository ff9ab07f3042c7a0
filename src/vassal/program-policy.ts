// the policy of a program vassal (`[emperor] command`): its own stop timeout, watchdog and exile statuses, no byte-1
// reload, and with ready = started an accepting that proves nothing
import type {ProgramSpec} from '../config/program-spec.js';
import type {VassalPolicy} from './transition-steps.js';

// the emperor's policy as it applies to a vassal running program (unchanged for a uWSGI vassal)
export const applyProgramPolicy = (policy: VassalPolicy, program: ProgramSpec | undefined): VassalPolicy => {
	if (program === undefined) return policy;
	return {
		...policy, hasInPlaceReload: false, exileStatuses: program.exileStatuses, isAcceptingAssumed: program.ready.kind === 'started',
		curseToleranceMs: program.stopTimeoutMs ?? policy.curseToleranceMs,
		requiredHeartbeatMs: program.watchdogSeconds === undefined ? policy.requiredHeartbeatMs : program.watchdogSeconds * 1000,
	};
};
