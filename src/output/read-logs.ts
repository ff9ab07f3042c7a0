// the client side of `logs`: sends the request and passes each JSON line of the answer on (the first is the response)
import {connect} from 'node:net';
import {createInterface} from 'node:readline';
import type {LogsRequest} from '../control/control-protocol.js';
import {describeConnectError} from '../control/control-client.js';

// reads the answer line by line until the emperor ends it (at once without follow); resolves with an error text or undefined
export const readLogsAnswer = (path: string, request: LogsRequest, onLine: (value: unknown) => void): Promise<string | undefined> =>
	new Promise(resolve => {
		const socket = connect(path);
		let failure: string | undefined;
		socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
		socket.on('error', (error: NodeJS.ErrnoException) => {
			failure ??= describeConnectError(path, error.code);
		});
		createInterface({input: socket}).on('line', line => {
			try {
				onLine(JSON.parse(line));
			} catch {
				failure ??= `the emperor on ${path} sent an unreadable answer`;
				socket.destroy();
			}
		});
		socket.once('close', () => resolve(failure));
	});
