import type {ConfigIssue} from '../config/config-issue.js';
import type {IniEntry, IniSections} from '../config/parse-uwsgi-ini.js';
import type {VassalBinding} from '../config/vassal-bindings.js';
import type {VassalOptions} from '../config/vassal-schema.js';
import type {UserDatabase} from '../system/user-database.js';
import {discoverOnDemandSocket, type OnDemandDiscovery} from './discover-socket.js';
import {planListen, type ListenPlan} from './listen-plan.js';
import {readSocketStartMode} from './socket-start-mode.js';
import {planReload} from './reload-plan.js';

export type OnDemandSetup =
	| {readonly ok: true; readonly plan?: ListenPlan | undefined; readonly warnings?: readonly ConfigIssue[]}
	| {readonly ok: false; readonly issue: ConfigIssue};

export type OnDemandVassal = {
	readonly name: string;
	readonly directory: string;
	readonly sections: IniSections;
	readonly entries: readonly IniEntry[];
	readonly options: Pick<VassalOptions, 'chmod-socket' | 'chown-socket' | 'listen'>;
	readonly bindings: readonly VassalBinding[];
	readonly users: () => UserDatabase;
};

const issue = (file: string, message: string, line?: number): OnDemandSetup =>
	({ok: false, issue: {file, line, code: 'VASSAL_ON_DEMAND_SOCKET', severity: 'error', message}});

// finds a vassal's held socket, how to bind it and whether the vassal sleeps on it; a socket that cannot be found or used rejects the file
export const prepareOnDemand = async (discovery: OnDemandDiscovery, vassal: OnDemandVassal): Promise<OnDemandSetup> => {
	const found = await discoverOnDemandSocket(discovery, vassal.directory, vassal.name, vassal.sections);
	if (found.problem !== undefined) return issue(vassal.name, `cannot tell the on-demand socket: ${found.problem}`);
	if (found.socket === undefined) return {ok: true};
	const startMode = readSocketStartMode(vassal.entries, vassal.name);
	if (!startMode.ok) return {ok: false, issue: startMode.issue};
	const planned = planListen({...vassal, socket: found.socket, isOnDemand: startMode.isOnDemand});
	if (!planned.ok) return issue(vassal.name, planned.message, planned.line);
	const reload = planReload(vassal.entries, vassal.bindings, vassal.name);
	if (!reload.ok) return {ok: false, issue: reload.issue};
	return {ok: true, plan: {...planned.plan, reload: reload.plan}, warnings: reload.warnings};
};
