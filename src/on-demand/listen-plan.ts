import {resolve} from 'node:path';
import {formatSocketAddress, isSameSocket, parseSocketAddress} from '../config/socket-address.js';
import type {VassalBinding} from '../config/vassal-bindings.js';
import type {VassalOptions} from '../config/vassal-schema.js';
import type {UserDatabase} from '../system/user-database.js';
import type {ReloadPlan} from './reload-plan.js';

/** uWSGI's on_demand_bind: chmod 0666, and the emperor's listen queue (100) */
export const DEFAULT_SOCKET_MODE = 0o666;
export const DEFAULT_BACKLOG = 100;

export type ListenAddress = {readonly kind: 'unix'; readonly path: string} | {readonly kind: 'tcp'; readonly host: string; readonly port: number};

/** everything needed to bind a vassal's on-demand socket */
export type ListenPlan = {
	/** as configured: what stats show as on_demand */
	readonly name: string;
	readonly address: ListenAddress;
	/** unix sockets: the vassal's chmod-socket, or 0666 */
	readonly mode: number;
	/** unix sockets: the vassal's chown-socket */
	readonly owner?: {readonly uid: number; readonly gid: number} | undefined;
	/** the vassal's listen, or 100 */
	readonly backlog: number;
	/** `[emperor] on-demand`: sleep on the socket until a connection (true, the default) or run at once */
	readonly isOnDemand: boolean;
	/** how the vassal reloads on this socket (prepareOnDemand fills it in) */
	readonly reload?: ReloadPlan | undefined;
	/** a socket systemd bound and passed (LISTEN_FDS): adopted as it is, never bound, closed or removed by the emperor */
	readonly passedFd?: number | undefined;
};

export type ListenPlanResult = {readonly ok: true; readonly plan: ListenPlan} | {readonly ok: false; readonly message: string; readonly line?: number | undefined};

export type ListenPlanInput = {
	/** the socket as configured */
	readonly socket: string;
	/** relative unix paths start at the vassals directory, as they do for uWSGI's emperor */
	readonly directory: string;
	readonly options: Pick<VassalOptions, 'chmod-socket' | 'chown-socket' | 'listen'>;
	/** the sockets the vassal binds itself */
	readonly bindings: readonly VassalBinding[];
	readonly users: () => UserDatabase;
	/** `[emperor] on-demand`; default true */
	readonly isOnDemand?: boolean | undefined;
};

const IP_LITERAL = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f:]*:[0-9a-f:.]*)$/i;

// `user`, `user:group`, or numbers, as uWSGI's chown-socket reads them
const findOwner = (value: string, users: UserDatabase): ListenPlan['owner'] | string => {
	const [userName = '', groupName] = value.split(':');
	const user = users.findUser(userName);
	if (user === undefined) return `chown-socket = ${value}: no user ${userName} on this machine`;
	const group = groupName === undefined ? undefined : users.findGroup(groupName);
	if (groupName !== undefined && group === undefined) return `chown-socket = ${value}: no group ${groupName} on this machine`;
	const gid = group?.gid ?? user.gid;
	return gid === undefined ? `chown-socket = ${value}: user ${userName} has no group; write ${userName}:GROUP` : {uid: user.uid, gid};
};

// where and how to bind a vassal's on-demand socket, or why it cannot be (a bad address, a vassal binding it itself)
export const planListen = ({socket: name, directory, options, bindings, users, isOnDemand = true}: ListenPlanInput): ListenPlanResult => {
	const address = parseSocketAddress(name, path => resolve(directory, path));
	if (address === undefined || address.kind === 'abstract') {
		return {ok: false, message: `on-demand socket ${JSON.stringify(name)}: expected a unix socket path or HOST:PORT with an IP address`};
	}
	if (address.kind === 'tcp' && address.host !== '*' && !IP_LITERAL.test(address.host)) {
		return {ok: false, message: `on-demand socket ${name}: expected an IP address, found the host name ${address.host}`};
	}
	const own = bindings.find(binding => isSameSocket(binding.address, address));
	if (own !== undefined) {
		// https://github.com/unbit/uwsgi/issues/608
		return {ok: false, line: own.line, message: `${own.key} = ${formatSocketAddress(own.address)} binds the vassal's own on-demand socket ${name}: the vassal inherits it on fd 0 and must not bind it, or it never comes back after die-on-idle; remove the line`};
	}
	const chown = options['chown-socket'];
	const owner = chown === undefined || address.kind !== 'unix' ? undefined : findOwner(chown, users());
	if (typeof owner === 'string') return {ok: false, message: owner};
	const listenAddress: ListenAddress = address.kind === 'unix' ? address : {kind: 'tcp', host: address.host === '*' ? '' : address.host, port: address.port};
	return {ok: true, plan: {name, address: listenAddress, mode: options['chmod-socket'] ?? DEFAULT_SOCKET_MODE, owner, backlog: options.listen ?? DEFAULT_BACKLOG, isOnDemand}};
};

// true when a bound socket can stay as it is for a new plan
export const isSameListenPlan = (left: ListenPlan, right: ListenPlan): boolean =>
	JSON.stringify({...left, name: undefined, isOnDemand: undefined, reload: undefined}) === JSON.stringify({...right, name: undefined, isOnDemand: undefined, reload: undefined});
