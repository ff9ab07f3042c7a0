// the real uWSGI vassals every scenario runs under both emperors: the example api on a unix socket
import {mkdirSync, renameSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {httpGet, isConnectionError} from '../../test/helpers/http.js';
import {copyExamples, makeApiVassalIni, readWorkerPid} from '../../test/helpers/uwsgi-vassal.js';
import {pollUntil} from './poll.js';

export type VassalSite = {readonly vassalsDir: string; readonly socketDir: string};

// copies the example api next to the vassal files (chdir = %dapi) and makes a folder for the sockets
export const prepareSite = (root: string): VassalSite => {
	const vassalsDir = join(root, 'vassals');
	const socketDir = join(root, 'sockets');
	mkdirSync(vassalsDir, {recursive: true});
	mkdirSync(socketDir, {recursive: true});
	copyExamples(vassalsDir, 'api');
	return {vassalsDir, socketDir};
};

// the unix socket where the vassal of that file answers HTTP
export const socketOf = (site: VassalSite, name: string): string => join(site.socketDir, name.replace(/\.ini$/, '.sock'));

// a light real vassal: python3 plugin, one worker, the example api, no request log
export const makeLightVassalIni = (socketPath: string): string =>
	`${makeApiVassalIni({httpSocket: socketPath, processes: 1})}disable-logging = true\n`;

// a vassal whose app cannot load: uWSGI exits 22 ("no app loaded. GAME OVER") a moment after start
export const makeCrashingVassalIni = (socketPath: string): string =>
	`${makeApiVassalIni({httpSocket: socketPath, processes: 1}).replace('module = app:application', 'module = no_such_module:application')}need-app = true\n`;

let temporaries = 0;
// writes a vassal file the way a deploy tool does: a hidden temporary in the same directory, then rename
export const writeAtomically = (path: string, text: string): void => {
	const temporary = join(path, '..', `.bench-${process.pid}-${temporaries++}.tmp`);
	writeFileSync(temporary, text);
	renameSync(temporary, path);
};

// the worker pid of one successful answer on the socket, or undefined while nothing answers
export const askWorkerPid = async (socketPath: string): Promise<number | undefined> => {
	try {
		const response = await httpGet({socketPath}, '/', 2_000);
		return response.status === 200 ? readWorkerPid(response.body) : undefined;
	} catch (error) {
		if (isConnectionError(error)) return undefined;
		throw error;
	}
};

// waits for an HTTP 200 on the socket from a worker the predicate accepts; returns that worker's pid
export const waitServed = (socketPath: string, isWanted: (workerPid: number) => boolean = () => true, timeoutMs = 60_000): Promise<number> =>
	pollUntil(`HTTP 200 on ${socketPath}`, async () => {
		const pid = await askWorkerPid(socketPath);
		return pid !== undefined && isWanted(pid) ? pid : undefined;
	}, {timeoutMs});

// waits until nothing accepts connections on the socket any more (refused, or the socket file is gone)
export const waitClosed = (socketPath: string, timeoutMs = 60_000): Promise<true> =>
	pollUntil(`${socketPath} to close`, async () => {
		try {
			await httpGet({socketPath}, '/', 2_000);
			return undefined;
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			return code === 'ECONNREFUSED' || code === 'ENOENT' ? true : undefined;
		}
	}, {timeoutMs});
