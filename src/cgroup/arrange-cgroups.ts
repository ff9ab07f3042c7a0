// takes the cgroup systemd delegated at start-up and says what the emperor does with it
import type {Logger} from '../observe/logger.js';
import {setDelegation, takeDelegation} from './delegation.js';
import {setLimitWarning} from './vassal-cgroup.js';

// each vassal's processes then run in a cgroup of their own, killed whole at a stop; outside systemd, or without
// Delegate=yes, vassals are killed by process group as before (said once, under systemd only)
export const arrangeCgroups = (env: NodeJS.ProcessEnv, logger: Logger): void => {
	const {delegation, reason} = takeDelegation(env);
	setDelegation(delegation);
	setLimitWarning((key, message) => logger.warn({event: 'vassal-limit-unenforced', key, code: 'VASSAL_LIMIT_UNENFORCED'}, message));
	if (delegation !== undefined) {
		const controllers = delegation.controllers.length === 0 ? 'no resource controllers' : `controllers ${delegation.controllers.join(' ')}`;
		logger.info({event: 'emperor-cgroups', directory: delegation.directory, controllers: delegation.controllers},
			`each vassal runs in a cgroup of its own under ${delegation.directory} (${controllers}); the emperor runs in ${delegation.directory}/emperor`);
	} else if (env.INVOCATION_ID !== undefined) {
		logger.info({event: 'emperor-cgroups-unavailable', reason}, `vassals share the emperor's cgroup and are stopped by process group: ${reason}`);
	}
};
