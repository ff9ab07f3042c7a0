import type {RawEmperorOptions} from './emperor-options.js';

export type FlagKind = 'value' | 'boolean' | 'list';
/** a flag; one that takes a value names what it expects (`SECONDS`, `DIR` …), as `--help` shows it */
export type FlagSpec =
	| {readonly option: keyof RawEmperorOptions; readonly kind: 'boolean'; readonly help: string}
	| {readonly option: keyof RawEmperorOptions; readonly kind: 'value' | 'list'; readonly value: string; readonly help: string};

// the command-line flags, spelled as uWSGI spells them where uWSGI has them
export const CLI_FLAGS: Readonly<Record<string, FlagSpec>> = {
	ini: {option: 'iniFile', kind: 'value', value: 'FILE', help: 'read options from the [uwsgi] section of the emperor ini FILE (flags on the command line win)'},
	vassals: {option: 'vassalsDir', kind: 'list', value: 'DIR', help: 'watch DIR and run one app server per *.ini file in it; a glob (or glob://PATTERN) runs one per matching file; repeat it to watch several'},
	emperor: {option: 'vassalsDir', kind: 'list', value: 'DIR', help: 'same as --vassals (uWSGI spelling)'},
	'emperor-freq': {option: 'freqSeconds', kind: 'value', value: 'SECONDS', help: 'rescan the whole directory every SECONDS (default 3)'},
	'emperor-throttle': {option: 'throttleMs', kind: 'value', value: 'MS', help: 'first backoff step after a quick death, in milliseconds (default 1000)'},
	'emperor-max-throttle': {option: 'maxThrottleMs', kind: 'value', value: 'MS', help: 'the longest backoff, in milliseconds (default 180000)'},
	'emperor-stable-uptime': {option: 'stableUptimeSeconds', kind: 'value', value: 'SECONDS', help: 'a vassal up this long counts as serving even if it sent neither byte 5 nor 17 (default 10)'},
	'emperor-restart-intensity': {option: 'restartIntensity', kind: 'value', value: 'N', help: 'a serving vassal that dies more than N times within the restart period backs off (default 5)'},
	'emperor-restart-period': {option: 'restartPeriodSeconds', kind: 'value', value: 'SECONDS', help: 'the sliding window of the restart intensity (default 60)'},
	'emperor-curse-tolerance': {option: 'curseToleranceSeconds', kind: 'value', value: 'SECONDS', help: 'SIGKILL a stopped vassal still alive after SECONDS (default 30)'},
	'emperor-required-heartbeat': {option: 'requiredHeartbeatSeconds', kind: 'value', value: 'SECONDS', help: 'kill a vassal silent for SECONDS after its first heartbeat (default 30, 0 = off)'},
	'reload-mercy': {option: 'reloadMercySeconds', kind: 'value', value: 'SECONDS', help: 'at shutdown, SIGKILL vassals still alive after SECONDS (default 30)'},
	'ready-timeout': {option: 'readyTimeoutSeconds', kind: 'value', value: 'SECONDS', help: 'under systemd, send READY=1 at the latest SECONDS after the start or a SIGHUP, even if vassals are not up (default 30)'},
	'emperor-reload-timeout': {option: 'reloadTimeoutSeconds', kind: 'value', value: 'SECONDS', help: 'a reload by overlap gives up a new generation not accepting after SECONDS; the old one serves on (default 60; [emperor] reload-timeout per vassal)'},
	'emperor-reload-concurrency': {option: 'reloadConcurrency', kind: 'value', value: 'N', help: 'SIGHUP overlaps at most N vassals at a time, each running two generations meanwhile (default 2)'},
	'emperor-settle-ms': {option: 'settleMs', kind: 'value', value: 'MS', help: 'read a changed file once it has been quiet for MS milliseconds (default 30)'},
	'binary-path': {option: 'binaryPath', kind: 'value', value: 'PATH', help: 'the app server binary (default: uwsgi, looked up in $PATH)'},
	'emperor-wrapper': {option: 'wrapper', kind: 'value', value: 'PATH', help: 'run vassals with this binary instead of --binary-path'},
	'emperor-nofollow': {option: 'nofollow', kind: 'boolean', help: 'look at vassal symlinks themselves (lstat): touch -h link.ini reloads'},
	'emperor-tyrant': {option: 'tyrant', kind: 'boolean', help: 'run each vassal as the owner of its file; refuse root-owned and group/world-writable files'},
	'emperor-tyrant-nofollow': {option: 'tyrantNofollow', kind: 'boolean', help: 'tyrant mode with the owner of the link itself; symlinked vassal files are refused'},
	'emperor-tyrant-initgroups': {option: 'tyrantInitgroups', kind: 'boolean', help: 'tyrant vassals get their owner\'s supplementary groups (default: none)'},
	'emperor-on-demand-extension': {option: 'onDemandExtension', kind: 'value', value: 'EXT', help: 'a vassal NAME with a file NAME+EXT sleeps on the socket named in it (EXT .socket: app.ini.socket)'},
	'emperor-on-demand-directory': {option: 'onDemandDirectory', kind: 'value', value: 'DIR', help: 'vassals sleep on unix sockets DIR/BASE.socket, BASE being the file name without its extension'},
	'emperor-on-demand-exec': {option: 'onDemandExec', kind: 'value', value: 'CMD', help: 'vassals sleep on the socket CMD prints when run as CMD… NAME (no shell)'},
	'emperor-pg-channel': {option: 'pgChannel', kind: 'value', value: 'NAME', help: 'pg:// sources LISTEN on channel NAME and re-read their rows on each NOTIFY (default emperor)'},
	uid: {option: 'uid', kind: 'value', value: 'USER', help: 'drop the emperor to USER (name or number) once its sockets are bound; vassals then run as USER'},
	gid: {option: 'gid', kind: 'value', value: 'GROUP', help: 'drop the emperor to GROUP (name or number) once its sockets are bound'},
	strict: {option: 'strict', kind: 'boolean', help: 'unknown options in any vassal are errors, as with strict = true in each'},
	'emperor-graceful-shutdown': {option: 'gracefulShutdown', kind: 'boolean', help: 'stop vassals with byte 2 (graceful) instead of 0'},
	'vassal-set': {option: 'vassalSet', kind: 'list', value: 'KEY=VALUE', help: 'pass --set KEY=VALUE to every vassal (repeatable)'},
	'vassals-set': {option: 'vassalSet', kind: 'list', value: 'KEY=VALUE', help: 'same as --vassal-set'},
	'emperor-stats': {option: 'statsAddress', kind: 'value', value: 'ADDR', help: 'serve uWSGI-compatible stats JSON on ADDR (host:port, or a unix socket path, mode 0600)'},
	'emperor-stats-server': {option: 'statsAddress', kind: 'value', value: 'ADDR', help: 'same as --emperor-stats'},
	metrics: {option: 'metricsAddress', kind: 'value', value: 'ADDR', help: 'serve Prometheus metrics on http://ADDR/metrics (host:port, ":port" is loopback, or a unix socket)'},
	control: {option: 'controlPath', kind: 'value', value: 'PATH', help: 'the control socket (mode 0600) of emperor status, reload, stop and retry (default: one of its own, where emperor status finds it)'},
	'log-level': {option: 'logLevel', kind: 'value', value: 'LEVEL', help: 'trace, debug, info, warn, error or fatal (default info)'},
	'log-format': {option: 'logFormat', kind: 'value', value: 'FORMAT', help: 'json or pretty (default: pretty on a terminal, else json)'},
};
