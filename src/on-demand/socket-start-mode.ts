// whether a vassal with a held socket sleeps on it until a connection (`on-demand = true`) or runs at once
import type {ConfigIssue} from '../config/config-issue.js';
import type {IniEntry} from '../config/parse-uwsgi-ini.js';

const TRUTHY = ['true', '1', 'yes', 'on', 'y'];
const FALSY = ['false', '0', 'no', 'off', 'n'];

export type StartMode = {readonly ok: true; readonly isOnDemand: boolean} | {readonly ok: false; readonly issue: ConfigIssue};

// reads `on-demand` of the [emperor] section (its last value); when absent, true as uWSGI's on-demand sockets behave
// (a socket systemd passed makes the default false: systemd already starts the emperor on demand)
export const readSocketStartMode = (entries: readonly IniEntry[], file: string, isOnDemandByDefault = true): StartMode => {
	const entry = entries.findLast(candidate => candidate.section === 'emperor' && candidate.key === 'on-demand');
	if (entry === undefined) return {ok: true, isOnDemand: isOnDemandByDefault};
	const text = String(entry.value).trim().toLowerCase();
	if (TRUTHY.includes(text)) return {ok: true, isOnDemand: true};
	if (FALSY.includes(text)) return {ok: true, isOnDemand: false};
	return {
		ok: false,
		issue: {
			file, line: entry.line, key: 'on-demand', code: 'VASSAL_ON_DEMAND_INVALID', severity: 'error',
			message: `[emperor] on-demand: expected true or false, found ${JSON.stringify(entry.value)}`,
		},
	};
};
