import {cpSync, renameSync, utimesSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

export const EXAMPLES_DIR = fileURLToPath(new URL('../../vassals.example', import.meta.url));

// copies vassals.example (or one app folder of it) into a test's vassals dir, leaving out sockets and caches
export const copyExamples = (vassalsDir: string, entry = ''): void => {
	cpSync(join(EXAMPLES_DIR, entry), join(vassalsDir, entry), {
		recursive: true,
		filter: source => !source.endsWith('.sock') && !source.includes('__pycache__'),
	});
};

export type ApiVassalOptions = {
	/** where uWSGI serves HTTP: '127.0.0.1:PORT' or a unix socket path */
	httpSocket: string;
	/** default 1: once it answered, the vassal has no worker left in start-up (see makeApiVassalIni) */
	processes?: number;
	/** false leaves out `plugins = python3` (for --vassal-set plugins=python3) */
	withPlugin?: boolean;
};

// makes the ini of a real uWSGI vassal serving vassals.example/api (JSON with the worker pid) over HTTP;
// one worker by default because uWSGI 2.0.21 loses a stop (SIGINT) sent to a worker still starting and
// hangs until SIGKILL (reproduced with plain `uwsgi --ini` + kill -INT 50-100 ms after start)
export const makeApiVassalIni = ({httpSocket, processes = 1, withPlugin = true}: ApiVassalOptions): string => [
	'[uwsgi]',
	withPlugin ? 'plugins = python3' : '',
	'chdir = %dapi',
	'module = app:application',
	'master = true',
	`processes = ${processes}`,
	`http-socket = ${httpSocket}`,
	'vacuum = true',
	'',
].join('\n');

export type OnDemandVassalOptions = {
	/** seconds without a request before die-on-idle */
	idle: number;
	/** 'http' to answer HTTP on the inherited socket; default uwsgi (behind nginx's uwsgi_pass) */
	protocol?: 'http';
	/** extra lines, e.g. an [emperor] section */
	extra?: string[];
};

// makes the ini of an on-demand uWSGI vassal serving vassals.example/api: no socket of its own (it inherits the
// emperor's on fd 0), idle + die-on-idle; one worker, as in makeApiVassalIni
export const makeOnDemandVassalIni = ({idle, protocol, extra = []}: OnDemandVassalOptions): string => [
	'[uwsgi]',
	'plugins = python3',
	'chdir = %dapi',
	'module = app:application',
	'master = true',
	'processes = 1',
	`idle = ${idle}`,
	'die-on-idle = true',
	// harmless: uWSGI leaves a socket it inherited in place (the e2e test checks the inode across wakes)
	'vacuum = true',
	protocol === undefined ? '' : `protocol = ${protocol}`,
	...extra,
	'',
].join('\n');

// writes a vassal file in one step (temp name + rename) so the watcher sees it complete; returns when it landed
export const dropVassalFile = (vassalsDir: string, name: string, text: string): number => {
	const temporary = join(vassalsDir, `.${name}.tmp`);
	writeFileSync(temporary, text);
	renameSync(temporary, join(vassalsDir, name));
	return Date.now();
};

// sets a file's mtime to now, like `touch`
export const touchFile = (path: string): number => {
	const now = new Date();
	utimesSync(path, now, now);
	return now.getTime();
};

// one field of a JSON response of the example apps, or undefined when the body is not their JSON
const readField = (body: string, key: string): unknown => {
	try {
		return (JSON.parse(body) as Record<string, unknown>)[key];
	} catch {
		return undefined;
	}
};

// the worker pid a response of the example api names
export const readWorkerPid = (body: string): number | undefined => {
	const pid = readField(body, 'pid');
	return typeof pid === 'number' ? pid : undefined;
};

const VERSIONED_APP = fileURLToPath(new URL('../fixtures/apps/versioned_app.py', import.meta.url));

// copies the versioned app next to the vassal files, where `chdir = %d` finds it
export const copyVersionedApp = (vassalsDir: string): void => cpSync(VERSIONED_APP, join(vassalsDir, 'versioned_app.py'));

export type HeldSocketVassalOptions = {
	/** the socket the emperor holds ([emperor] socket) */
	socket: string;
	/** what the app answers as its version */
	version: string;
	/** seconds the app takes to import */
	importDelay?: number;
	/** the app raises at import: a bad deploy */
	failImport?: boolean;
	processes?: number;
	/** lines added to the [emperor] section */
	emperor?: string[];
};

// makes the ini of a real uWSGI vassal serving versioned_app.py (copyVersionedApp) over HTTP on a socket the emperor
// holds and runs at once (on-demand = false); no socket of its own
export const makeHeldSocketVassalIni = ({socket, version, importDelay = 0, failImport = false, processes = 1, emperor = []}: HeldSocketVassalOptions): string => [
	'[uwsgi]',
	'plugins = python3',
	'chdir = %d',
	'module = versioned_app:application',
	'master = true',
	`processes = ${processes}`,
	'protocol = http',
	'vacuum = true',
	`env = APP_VERSION=${version}`,
	`env = IMPORT_DELAY=${importDelay}`,
	failImport ? 'env = FAIL_IMPORT=1' : '',
	'[emperor]',
	`socket = ${socket}`,
	'on-demand = false',
	...emperor,
	'',
].join('\n');

// the version a response of the versioned app (or an example app server) names
export const readVersion = (body: string): string | undefined => {
	const version = readField(body, 'version');
	return typeof version === 'string' ? version : undefined;
};
