import {readFile, readlink} from 'node:fs/promises';
import {parseTcpTable, parseUnixTable, TCP_STATE, type TcpEntry, type UnixEntry} from './socket-table.js';

// the socket tables of this network namespace, as read at one moment, indexed so that each listener costs only its own connections
export type SocketTables = {
	unix: UnixEntry[];
	tcp: TcpEntry[];
	unixByInode: Map<number, UnixEntry>;
	unixByPath: Map<string, UnixEntry[]>;
	tcpListenerByInode: Map<number, TcpEntry>;
	/** TCP entries by their local port and, apart, by their remote port */
	tcpByLocalPort: Map<number, TcpEntry[]>;
	tcpByRemotePort: Map<number, TcpEntry[]>;
};

// what a listening socket's connections look like now, and against the previous check
export type ListenerActivity = {
	/** the listener was found in the tables (false: closed, or in another network namespace) */
	isFound: boolean;
	/** connections accepted and not yet closed */
	open: number;
	/** connections waiting in the accept queue */
	queued: number;
	/** TCP only: connections closed within the last 60 s (TIME_WAIT on either side, when the server or a local client closed first) */
	recentlyClosed: number;
	/** connections seen now that the previous check did not see */
	newSinceLastCheck: number;
	/** the connections seen now, to pass to the next check */
	seen: ReadonlySet<string>;
};

const ZERO_ADDRESS = /^0+$/;

// the inode of the socket open as fd in this process (from /proc/self/fd), or undefined when fd is not a socket
export const findSocketInode = async (fd: number): Promise<number | undefined> => {
	try {
		const match = /^socket:\[(\d+)\]$/.exec(await readlink(`/proc/self/fd/${fd}`));
		return match ? Number(match[1]) : undefined;
	} catch {
		return undefined;
	}
};

const groupBy = <Key, Entry>(entries: Entry[], keyOf: (entry: Entry) => Key | undefined): Map<Key, Entry[]> => {
	const groups = new Map<Key, Entry[]>();
	for (const entry of entries) {
		const key = keyOf(entry);
		if (key === undefined) continue;
		const group = groups.get(key);
		if (group) group.push(entry);
		else groups.set(key, [entry]);
	}
	return groups;
};

// indexes parsed tables by inode, path and port (done once per read, for all listeners)
export const indexSocketTables = (unix: UnixEntry[], tcp: TcpEntry[]): SocketTables => ({
	unix, tcp,
	unixByInode: new Map(unix.filter(entry => entry.inode !== 0).map(entry => [entry.inode, entry])),
	unixByPath: groupBy(unix, entry => entry.path),
	tcpListenerByInode: new Map(tcp.filter(entry => entry.state === TCP_STATE.listen).map(entry => [entry.inode, entry])),
	tcpByLocalPort: groupBy(tcp, entry => entry.localPort),
	tcpByRemotePort: groupBy(tcp, entry => entry.remotePort),
});

// reads /proc/net/unix, tcp and tcp6 once, for every listener of every vassal at the same time; a missing table reads as empty
export const readSocketTables = async (kinds: {unix?: boolean; tcp?: boolean} = {unix: true, tcp: true}): Promise<SocketTables> => {
	const read = (path: string) => readFile(path, 'utf8').catch(() => '');
	const [unix, tcp, tcp6] = await Promise.all([kinds.unix ? read('/proc/net/unix') : '', kinds.tcp ? read('/proc/net/tcp') : '', kinds.tcp ? read('/proc/net/tcp6') : '']);
	return indexSocketTables(parseUnixTable(unix), [...parseTcpTable(tcp), ...parseTcpTable(tcp6)]);
};

const measureUnix = (tables: SocketTables, inode: number, previous: ReadonlySet<string>): ListenerActivity | undefined => {
	const listener = tables.unixByInode.get(inode);
	if (!listener?.isListening) return undefined;
	// accepted and queued connections carry the listener's path; the listener itself and other listeners on the path do not count
	const connections = listener.path === undefined ? [] : (tables.unixByPath.get(listener.path) ?? []).filter(entry => !entry.isListening && entry.state !== 1);
	const seen = new Set(connections.map(entry => entry.id));
	return {
		isFound: true,
		open: connections.filter(entry => entry.inode !== 0).length,
		queued: connections.filter(entry => entry.inode === 0).length,
		recentlyClosed: 0,
		newSinceLastCheck: [...seen].filter(id => !previous.has(id)).length,
		seen,
	};
};

const measureTcp = (tables: SocketTables, inode: number, previous: ReadonlySet<string>): ListenerActivity | undefined => {
	const listener = tables.tcpListenerByInode.get(inode);
	if (!listener) return undefined;
	const entries = [...(tables.tcpByLocalPort.get(listener.localPort) ?? []), ...(tables.tcpByRemotePort.get(listener.localPort) ?? [])];
	const isAnyAddress = ZERO_ADDRESS.test(listener.localAddress);
	const isOurs = (address: string, port: number) => port === listener.localPort && (isAnyAddress || address === listener.localAddress);
	// a connection is known by its client's end: the server side has it as remote, a client on this host as local
	const connections = new Map<string, {isOpen: boolean}>();
	for (const entry of entries) {
		if (entry.state === TCP_STATE.listen) continue;
		if (isOurs(entry.localAddress, entry.localPort)) {
			const key = `${entry.remoteAddress}:${entry.remotePort}`;
			const isOpen = entry.state !== TCP_STATE.timeWait && entry.state !== TCP_STATE.close;
			connections.set(key, {isOpen: isOpen || (connections.get(key)?.isOpen ?? false)});
		} else if (isOurs(entry.remoteAddress, entry.remotePort) && entry.state === TCP_STATE.timeWait) {
			const key = `${entry.localAddress}:${entry.localPort}`;
			if (!connections.has(key)) connections.set(key, {isOpen: false});
		}
	}
	const seen = new Set(connections.keys());
	const open = [...connections.values()].filter(connection => connection.isOpen).length;
	return {
		isFound: true,
		// the accept queue's connections are in the table too (ESTABLISHED, not accepted): counted apart
		open: Math.max(0, open - listener.receiveQueue),
		queued: listener.receiveQueue,
		recentlyClosed: connections.size - open,
		newSinceLastCheck: [...seen].filter(key => !previous.has(key)).length,
		seen,
	};
};

// measures the connections of the listening socket with this inode (unix or TCP) in tables read by readSocketTables; previous is the last check's seen
export const measureListenerActivity = (tables: SocketTables, inode: number, previous: ReadonlySet<string> = new Set()): ListenerActivity =>
	measureUnix(tables, inode, previous) ?? measureTcp(tables, inode, previous) ?? {isFound: false, open: 0, queued: 0, recentlyClosed: 0, newSinceLastCheck: 0, seen: new Set()};

// whether a listener counts as busy: a connection open or queued now, or one that came (and perhaps went) since the last check
export const isListenerActive = (activity: ListenerActivity): boolean => activity.open + activity.queued > 0 || activity.newSinceLastCheck > 0;
