import type {RawEmperorOptions} from './emperor-options.js';

export type FlagKind = 'value' | 'boolean' | 'list';
export type FlagSpec = {readonly option: keyof RawEmperorOptions; readonly kind: FlagKind; readonly help: string};

// the command-line flags, spelled as uWSGI spells them where uWSGI has them
export const CLI_FLAGS: Readonly<Record<string, FlagSpec>> = {
	ini: {option: 'iniFile', kind: 'value', help: 'read options from the [uwsgi] section of an emperor ini (flags on the command line win)'},
	vassals: {option: 'vassalsDir', kind: 'value', help: 'directory of vassal .ini files'},
	emperor: {option: 'vassalsDir', kind: 'value', help: 'same as --vassals (uWSGI spelling)'},
	'emperor-freq': {option: 'freqSeconds', kind: 'value', help: 'full rescan period in seconds (default 3)'},
	'emperor-throttle': {option: 'throttleMs', kind: 'value', help: 'first backoff step in ms (default 1000)'},
	'emperor-max-throttle': {option: 'maxThrottleMs', kind: 'value', help: 'backoff cap in ms (default 180000)'},
	'emperor-stable-uptime': {option: 'stableUptimeSeconds', kind: 'value', help: 'uptime that counts as serving, for a vassal that sends neither byte 5 nor 17 (default 10)'},
	'emperor-restart-intensity': {option: 'restartIntensity', kind: 'value', help: 'a serving vassal that dies more than N times within the restart period backs off (default 5)'},
	'emperor-restart-period': {option: 'restartPeriodSeconds', kind: 'value', help: 'the window of the restart intensity, in seconds (default 60)'},
	'emperor-curse-tolerance': {option: 'curseToleranceSeconds', kind: 'value', help: 'SIGKILL a stopped vassal still alive after N seconds (default 30)'},
	'emperor-required-heartbeat': {option: 'requiredHeartbeatSeconds', kind: 'value', help: 'kill a vassal silent for N seconds after its first heartbeat (default 30, 0 = off)'},
	'reload-mercy': {option: 'reloadMercySeconds', kind: 'value', help: 'at shutdown, SIGKILL vassals still alive after N seconds (default 30)'},
	'ready-timeout': {option: 'readyTimeoutSeconds', kind: 'value', help: 'tell systemd READY=1 at the latest N seconds after start or SIGHUP, even if vassals are not up (default 30)'},
	'emperor-settle-ms': {option: 'settleMs', kind: 'value', help: 'wait until a changed file is quiet this long before reading it (default 30)'},
	'binary-path': {option: 'binaryPath', kind: 'value', help: 'the app server binary (default uwsgi from PATH)'},
	'emperor-wrapper': {option: 'wrapper', kind: 'value', help: 'binary run for vassals instead of --binary-path'},
	'emperor-nofollow': {option: 'nofollow', kind: 'boolean', help: 'look at vassal symlinks themselves (lstat): touch -h link.ini reloads'},
	'emperor-tyrant': {option: 'tyrant', kind: 'boolean', help: 'run each vassal as the owner of its file; refuse root-owned and group/world-writable files'},
	'emperor-tyrant-nofollow': {option: 'tyrantNofollow', kind: 'boolean', help: 'tyrant mode with the owner of the link itself; symlinked vassal files are refused'},
	'emperor-tyrant-initgroups': {option: 'tyrantInitgroups', kind: 'boolean', help: 'tyrant vassals get their owner\'s supplementary groups (default: none)'},
	'emperor-on-demand-extension': {option: 'onDemandExtension', kind: 'value', help: 'a vassal NAME with a file NAME+EXT sleeps on the socket named in it (e.g. .socket: app.ini.socket)'},
	'emperor-on-demand-directory': {option: 'onDemandDirectory', kind: 'value', help: 'vassals sleep on unix sockets DIR/NAME-without-extension.socket'},
	'emperor-on-demand-exec': {option: 'onDemandExec', kind: 'value', help: 'vassals sleep on the socket CMD prints when run as CMD… NAME (no shell)'},
	uid: {option: 'uid', kind: 'value', help: 'drop the emperor to this user (name or number) once its sockets are bound; vassals then run as it'},
	gid: {option: 'gid', kind: 'value', help: 'drop the emperor to this group (name or number) once its sockets are bound'},
	strict: {option: 'strict', kind: 'boolean', help: 'unknown options in any vassal are errors, as with strict = true in each'},
	'emperor-graceful-shutdown': {option: 'gracefulShutdown', kind: 'boolean', help: 'stop vassals with byte 2 (graceful) instead of 0'},
	'vassal-set': {option: 'vassalSet', kind: 'list', help: 'pass --set KEY=VALUE to every vassal (repeatable)'},
	'vassals-set': {option: 'vassalSet', kind: 'list', help: 'same as --vassal-set'},
	'emperor-stats': {option: 'statsAddress', kind: 'value', help: 'serve uWSGI-compatible stats JSON on ADDR (host:port, or a unix socket path, mode 0600)'},
	'emperor-stats-server': {option: 'statsAddress', kind: 'value', help: 'same as --emperor-stats'},
	metrics: {option: 'metricsAddress', kind: 'value', help: 'serve Prometheus metrics on http://ADDR/metrics (host:port, ":port" is loopback, or a unix socket)'},
	control: {option: 'controlPath', kind: 'value', help: 'control socket for emperor status/reload/stop/retry (default $RUNTIME_DIRECTORY/emperor.control under systemd)'},
	'log-level': {option: 'logLevel', kind: 'value', help: 'trace, debug, info, warn, error or fatal (default info)'},
	'log-format': {option: 'logFormat', kind: 'value', help: 'json or pretty (default: pretty on a terminal)'},
};
