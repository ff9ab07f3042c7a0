import {createServer, type Server} from 'node:net';
import {closeServer, describeBoundAddress, listenOn, parseListenAddress} from '../system/listen-address.js';

export type StatsServer = {readonly address: string; close: () => Promise<void>};

// serves the stats document as uWSGI does: on connect, write one JSON document and close
export const startStatsServer = async (address: string, buildDocument: () => unknown): Promise<StatsServer> => {
	const listenAddress = parseListenAddress(address);
	const server: Server = createServer(function onStatsConnection(socket) {
		socket.on('error', () => {});
		socket.end(`${JSON.stringify(buildDocument())}\n`);
	});
	await listenOn(server, listenAddress);
	return {address: describeBoundAddress(server, listenAddress), close: () => closeServer(server, listenAddress)};
};
