// answers `logs` on the control socket: a vassal's recent lines from its ring, or under systemd where the journal keeps them
import type {Socket} from 'node:net';
import type {LogsRequest} from '../control/control-protocol.js';
import {vassalIdentifier} from '../sources/vassal-name.js';
import {isJournalMode} from './vassal-output.js';
import {followVassalLines, readVassalLines} from './vassal-lines.js';

/** lines sent when the request names no count, as `tail` and `journalctl -n` do */
export const DEFAULT_LOG_LINES = 10;

/** the connections that follow a vassal: ended when the control server closes */
const following = new Set<Socket>();

export type LogsResult =
	/** the lines are in the journal under this identifier (`journalctl -t`) */
	| {readonly journal: string}
	| {readonly lines: readonly {seq: number; time: number; stream: string; text: string}[]};

// the answer to a logs request, now
export const answerLogsRequest = (request: LogsRequest): LogsResult => {
	if (isJournalMode()) return {journal: vassalIdentifier(request.vassal)};
	return {lines: readVassalLines(request.vassal, 0, request.lines ?? DEFAULT_LOG_LINES)?.lines ?? []};
};

// writes the answer, then with follow one JSON line per new line of the vassal until the client goes
export const serveLogsRequest = (socket: Socket, request: LogsRequest): void => {
	const result = answerLogsRequest(request);
	const response = `${JSON.stringify({ok: true, message: `logs of ${request.vassal}`, result})}\n`;
	if (!request.follow || 'journal' in result) {
		socket.end(response);
		return;
	}
	socket.write(response);
	following.add(socket);
	const stop = followVassalLines(request.vassal, line => {
		// a reader that does not keep up loses lines rather than growing the emperor's memory
		if (socket.writableLength < 1024 * 1024) socket.write(`${JSON.stringify(line)}\n`);
	});
	const end = () => {
		stop();
		following.delete(socket);
	};
	socket.once('close', end);
	// the request's reader paused the socket: read on, so that a client that leaves is seen at once
	socket.on('data', () => {});
	socket.resume();
	socket.once('end', () => socket.end());
};

// ends every following connection (the emperor is stopping)
export const endLogFollowers = (): void => {
	for (const socket of following) socket.end();
	following.clear();
};
