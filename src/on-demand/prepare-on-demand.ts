import {resolve} from 'node:path';
import type {ConfigIssue} from '../config/config-issue.js';
import type {IniEntry, IniSections} from '../config/parse-uwsgi-ini.js';
import {isSameSocket, parseSocketAddress} from '../config/socket-address.js';
import type {VassalBinding} from '../config/vassal-bindings.js';
import type {VassalOptions} from '../config/vassal-schema.js';
import type {UserDatabase} from '../system/user-database.js';
import {discoverOnDemandSocket, type OnDemandDiscovery} from './discover-socket.js';
import {planListen, type ListenPlan} from './listen-plan.js';
import {currentPassedSockets, toSocketAddress, type PassedSocket, type PassedSockets} from './passed-sockets.js';
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

// the socket systemd passed wins over a different one the file or the emperor's options name: say which line lost
const overrideWarning = (vassal: OnDemandVassal, socket: string, passed: PassedSocket): ConfigIssue => {
	const own = vassal.entries.findLast(entry => entry.section === 'emperor' && entry.key === 'socket');
	const where = own === undefined ? `the on-demand socket ${socket} (from the emperor's options)` : `[emperor] socket = ${socket}`;
	return {
		file: vassal.name, line: own?.line, key: own === undefined ? undefined : 'socket', code: 'VASSAL_SOCKET_FROM_SYSTEMD', severity: 'warning',
		message: `${where} is not used: systemd passed the socket ${passed.name ?? '(unnamed)'} on ${passed.text}, and the vassal adopts that one`,
	};
};

// a vassal whose socket systemd passed: it runs at once unless its file says on-demand = true
const adopt = (vassal: OnDemandVassal, passed: PassedSocket, configured: string | undefined): OnDemandSetup => {
	const startMode = readSocketStartMode(vassal.entries, vassal.name, false);
	if (!startMode.ok) return {ok: false, issue: startMode.issue};
	const planned = planListen({...vassal, socket: passed.text, isOnDemand: startMode.isOnDemand});
	if (!planned.ok) return issue(vassal.name, planned.message, planned.line);
	const address = configured === undefined ? undefined : parseSocketAddress(configured, path => resolve(vassal.directory, path));
	const isOverridden = configured !== undefined && (address === undefined || !isSameSocket(address, toSocketAddress(passed.address)));
	return {ok: true, plan: {...planned.plan, address: passed.address, passedFd: passed.fd}, warnings: isOverridden ? [overrideWarning(vassal, configured, passed)] : []};
};

// how a vassal on a held socket reloads (by overlap, unless its file or its own sockets say in place)
const withReload = (vassal: OnDemandVassal, setup: OnDemandSetup): OnDemandSetup => {
	if (!setup.ok || setup.plan === undefined) return setup;
	const reload = planReload(vassal.entries, vassal.bindings, vassal.name);
	if (!reload.ok) return {ok: false, issue: reload.issue};
	return {ok: true, plan: {...setup.plan, reload: reload.plan}, warnings: [...(setup.warnings ?? []), ...reload.warnings]};
};

// finds a vassal's held socket, how to bind it (or the socket systemd passed for it) and whether the vassal sleeps
// on it; a socket that cannot be found or used rejects the file
export const prepareOnDemand = async (discovery: OnDemandDiscovery, vassal: OnDemandVassal, passedSockets: PassedSockets = currentPassedSockets()): Promise<OnDemandSetup> => {
	const found = await discoverOnDemandSocket(discovery, vassal.directory, vassal.name, vassal.sections);
	const configured = found.socket;
	const heldAddress = configured === undefined ? undefined : parseSocketAddress(configured, path => resolve(vassal.directory, path));
	const passed = passedSockets.find(vassal.name, heldAddress);
	if (passed !== undefined) return withReload(vassal, adopt(vassal, passed, configured));
	if (found.problem !== undefined) return issue(vassal.name, `cannot tell the on-demand socket: ${found.problem}`);
	if (configured === undefined) return {ok: true};
	const startMode = readSocketStartMode(vassal.entries, vassal.name);
	if (!startMode.ok) return {ok: false, issue: startMode.issue};
	const planned = planListen({...vassal, socket: configured, isOnDemand: startMode.isOnDemand});
	return planned.ok ? withReload(vassal, {ok: true, plan: planned.plan}) : issue(vassal.name, planned.message, planned.line);
};
