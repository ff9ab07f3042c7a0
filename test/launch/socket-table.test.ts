import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseTcpTable, parseUnixTable} from '../../src/launch/socket-table.js';

// lines as this kernel (6.x) wrote them for a held listener, an accepted connection and one still queued
const UNIX = `Num       RefCount Protocol Flags    Type St Inode Path
0000000003ef4e7a: 00000002 00000000 00010000 0001 01 1983625 /tmp/lp/act.sock
00000000eda59eb5: 00000003 00000000 00000000 0001 03 1983440 /tmp/lp/act.sock
00000000aef964e8: 00000003 00000000 00000000 0001 02     0 /tmp/lp/act.sock
0000000011111111: 00000002 00000000 00000000 0002 01 1500 @/org/abstract name
0000000022222222: 00000003 00000000 00000000 0001 03 1501
garbage line
`;

const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   1: 0100007F:9D33 00000000:0000 0A 00000000:00000002 00:00000000 00000000     0        0 1983626 1 000000007
   2: 0100007F:A630 0100007F:9D33 01 00000000:00000000 00:00000000 00000000     0        0 1983442 2 000000007
  19: 0100007F:9D33 0100007F:A630 06 00000000:00000000 03:00001767 00000000     0        0 0 3 0000000034395cb
`;
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 777 1 0000000000000000 100 0 0 10 0
   1: 0000000000000000FFFF00000100007F:1F90 0000000000000000FFFF00000100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 778 1 0000000000000000 20 4 30 10 -1
`;

test('/proc/net/unix: listeners by their flag, states, inodes and paths with spaces; unreadable lines skipped', () => {
	assert.deepEqual(parseUnixTable(UNIX), [
		{id: '0000000003ef4e7a', isListening: true, state: 1, inode: 1983625, path: '/tmp/lp/act.sock'},
		{id: '00000000eda59eb5', isListening: false, state: 3, inode: 1983440, path: '/tmp/lp/act.sock'},
		{id: '00000000aef964e8', isListening: false, state: 2, inode: 0, path: '/tmp/lp/act.sock'},
		{id: '0000000011111111', isListening: false, state: 1, inode: 1500, path: '@/org/abstract name'},
		{id: '0000000022222222', isListening: false, state: 3, inode: 1501},
	]);
	assert.deepEqual(parseUnixTable(''), []);
});

test('/proc/net/tcp and tcp6: ports, states, the accept queue; IPv4-mapped addresses read as IPv4', () => {
	assert.deepEqual(parseTcpTable(TCP), [
		{localAddress: '0100007F', localPort: 0x9d33, remoteAddress: '00000000', remotePort: 0, state: 10, receiveQueue: 2, inode: 1983626},
		{localAddress: '0100007F', localPort: 0xa630, remoteAddress: '0100007F', remotePort: 0x9d33, state: 1, receiveQueue: 0, inode: 1983442},
		{localAddress: '0100007F', localPort: 0x9d33, remoteAddress: '0100007F', remotePort: 0xa630, state: 6, receiveQueue: 0, inode: 0},
	]);
	assert.deepEqual(parseTcpTable(TCP6).map(entry => [entry.localAddress, entry.localPort, entry.remoteAddress, entry.remotePort, entry.state]), [
		['00000000000000000000000000000000', 8080, '00000000000000000000000000000000', 0, 10],
		['0100007F', 8080, '0100007F', 50_000, 1],
	]);
	assert.deepEqual(parseTcpTable('header\n  1: nonsense\n'), []);
});
