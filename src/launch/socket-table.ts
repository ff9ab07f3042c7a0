// one line of /proc/net/unix
export type UnixEntry = {
	/** the kernel's (hashed) address of the socket: stable while it lives, also for a connection not yet accepted */
	id: string;
	isListening: boolean;
	/** 1 unconnected, 2 connecting (queued, not accepted), 3 connected */
	state: number;
	/** 0 for a connection still in a listener's queue */
	inode: number;
	/** the bound path ('@…' for the abstract namespace); accepted connections carry their listener's path */
	path?: string;
};

// one line of /proc/net/tcp or /proc/net/tcp6; addresses stay in the kernel's hex, IPv4-mapped IPv6 shortened to the IPv4 hex
export type TcpEntry = {
	localAddress: string;
	localPort: number;
	remoteAddress: string;
	remotePort: number;
	/** TCP_ESTABLISHED = 1 … TIME_WAIT = 6, LISTEN = 10 (include/net/tcp_states.h) */
	state: number;
	/** for a listener: connections waiting in its accept queue */
	receiveQueue: number;
	inode: number;
};

export const TCP_STATE = {established: 1, timeWait: 6, close: 7, listen: 10} as const;
const SO_ACCEPTCON = 0x1_0000;
const IPV4_MAPPED_PREFIX = '0000000000000000FFFF0000';

const parseHex = (text: string | undefined): number => (text === undefined ? Number.NaN : Number.parseInt(text, 16));

// parses /proc/net/unix text; lines it cannot read are skipped
export const parseUnixTable = (text: string): UnixEntry[] => {
	const entries: UnixEntry[] = [];
	for (const line of text.split('\n').slice(1)) {
		// Num RefCount Protocol Flags Type St Inode [Path]; a path may contain spaces
		const match = /^\s*([0-9a-fA-F]+):\s+[0-9a-fA-F]+\s+[0-9a-fA-F]+\s+([0-9a-fA-F]+)\s+[0-9a-fA-F]+\s+([0-9a-fA-F]+)\s+(\d+)(?: (.*))?$/.exec(line);
		if (!match) continue;
		const [, id, flags, state, inode, path] = match;
		entries.push({id: id!, isListening: (parseHex(flags) & SO_ACCEPTCON) !== 0, state: parseHex(state), inode: Number(inode), ...(path ? {path} : {})});
	}
	return entries;
};

const normalizeAddress = (hex: string): string => (hex.length === 32 && hex.toUpperCase().startsWith(IPV4_MAPPED_PREFIX) ? hex.slice(24).toUpperCase() : hex.toUpperCase());

// parses /proc/net/tcp or /proc/net/tcp6 text; lines it cannot read are skipped
export const parseTcpTable = (text: string): TcpEntry[] => {
	const entries: TcpEntry[] = [];
	for (const line of text.split('\n').slice(1)) {
		// sl local rem st tx:rx tr:when retrnsmt uid timeout inode …
		const fields = line.trim().split(/\s+/);
		if (fields.length < 10) continue;
		const [local, remote, state, queues, inode] = [fields[1], fields[2], fields[3], fields[4], fields[9]];
		const [localAddress, localPort] = local!.split(':');
		const [remoteAddress, remotePort] = remote!.split(':');
		const entry: TcpEntry = {
			localAddress: normalizeAddress(localAddress ?? ''), localPort: parseHex(localPort),
			remoteAddress: normalizeAddress(remoteAddress ?? ''), remotePort: parseHex(remotePort),
			state: parseHex(state), receiveQueue: parseHex(queues!.split(':')[1]), inode: Number(inode),
		};
		if (![entry.localPort, entry.remotePort, entry.state, entry.receiveQueue, entry.inode].some(Number.isNaN)) entries.push(entry);
	}
	return entries;
};
