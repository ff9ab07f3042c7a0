// uWSGI options an emperor ini often holds (Debian's, the uWSGI docs') that do not apply to this emperor, and why
const NO_WORKERS = 'this emperor has no master or workers of its own; a vassal sets its own in its file';
const NO_PLUGINS = 'the emperor loads no plugins; pass them to vassals with vassal-set = plugins=…';

export const FOREIGN_INI_KEYS: Readonly<Record<string, string>> = {
	master: NO_WORKERS,
	workers: NO_WORKERS,
	processes: NO_WORKERS,
	threads: NO_WORKERS,
	'enable-threads': NO_WORKERS,
	'no-orphans': 'vassals never outlive this emperor: they see their channel close and exit',
	'log-date': 'every log line carries its time',
	logdate: 'every log line carries its time',
	logto: 'logs go to standard output (the journal, under systemd)',
	autoload: NO_PLUGINS,
	plugin: NO_PLUGINS,
	plugins: NO_PLUGINS,
	'die-on-term': 'INT, TERM and QUIT always stop this emperor',
	daemonize: 'this emperor never daemonizes: systemd supervises it',
	pidfile: 'no pid file is written: systemd tracks the main pid',
	vacuum: 'this emperor creates no sockets or files to clean up',
};
