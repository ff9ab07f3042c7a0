import {createServer} from 'node:net';
import {once} from 'node:events';

// finds a free TCP port on 127.0.0.1 by listening on port 0 and closing again
export const getFreePort = async (): Promise<number> => {
	const server = createServer();
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	const address = server.address();
	server.close();
	await once(server, 'close');
	if (address === null || typeof address === 'string') throw new Error(`unexpected server address ${String(address)}`);
	return address.port;
};
