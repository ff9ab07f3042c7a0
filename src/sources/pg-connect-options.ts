// where and how a pg:// source connects: its connection string's keywords first, then libpq's environment
// variables (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGPASSFILE, PGSSLMODE, PGAPPNAME, PGCONNECT_TIMEOUT),
// then libpq's defaults (Debian's socket directory, the user's own name); pure
import {join} from 'node:path';
import type {ConninfoParams} from './conninfo.js';

export type PgConnectTarget = {
	/** a host name or address, or a unix socket directory (starts with `/`) */
	readonly host: string;
	readonly port: number;
	readonly database: string;
	readonly user: string;
	/** a password given in the connection string or PGPASSWORD */
	readonly password?: string | undefined;
	/** where to look for the password when none is given: PGPASSFILE, passfile=, or ~/.pgpass */
	readonly passfile: string;
	readonly sslmode: string;
	readonly connectTimeoutSeconds: number;
	readonly applicationName: string;
	/** keywords this client cannot honour, said once in the log */
	readonly ignored: readonly string[];
};

export type PgConnectEnvironment = {
	readonly env: Readonly<Record<string, string | undefined>>;
	readonly homeDirectory: string;
	readonly userName: string;
};

// the socket directory Debian's libpq (the one uWSGI's emperor_pg links) uses when no host is given
export const DEFAULT_SOCKET_DIRECTORY = '/var/run/postgresql';
const DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;
const HONOURED = new Set(['host', 'hostaddr', 'port', 'dbname', 'user', 'password', 'passfile', 'sslmode', 'connect_timeout', 'application_name', 'fallback_application_name']);

const nonEmpty = (...values: (string | undefined)[]): string | undefined => values.find(value => value !== undefined && value !== '');

export type PgConnectResult = {readonly ok: true; readonly target: PgConnectTarget} | {readonly ok: false; readonly error: string};

// resolves the keywords of a connection string against the environment, as libpq does
export const resolvePgConnect = (params: ConninfoParams, environment: PgConnectEnvironment): PgConnectResult => {
	const {env} = environment;
	const host = nonEmpty(params.host, params.hostaddr, env.PGHOST, env.PGHOSTADDR) ?? DEFAULT_SOCKET_DIRECTORY;
	if (host.includes(',')) return {ok: false, error: `host=${host}: several hosts in one connection string are not supported; give one`};
	const portText = nonEmpty(params.port, env.PGPORT) ?? '5432';
	const port = Number(portText);
	if (!Number.isInteger(port) || port < 1 || port > 65_535) return {ok: false, error: `port=${portText}: expected a port number (1-65535)`};
	const user = nonEmpty(params.user, env.PGUSER) ?? environment.userName;
	const timeoutText = nonEmpty(params.connect_timeout, env.PGCONNECT_TIMEOUT);
	const timeout = timeoutText === undefined ? DEFAULT_CONNECT_TIMEOUT_SECONDS : Number(timeoutText);
	if (!Number.isFinite(timeout) || timeout < 0) return {ok: false, error: `connect_timeout=${timeoutText}: expected a number of seconds`};
	return {ok: true, target: {
		host,
		port,
		database: nonEmpty(params.dbname, env.PGDATABASE) ?? user,
		user,
		password: nonEmpty(params.password, env.PGPASSWORD),
		passfile: nonEmpty(params.passfile, env.PGPASSFILE) ?? join(environment.homeDirectory, '.pgpass'),
		sslmode: nonEmpty(params.sslmode, env.PGSSLMODE) ?? 'prefer',
		// libpq waits forever on 0; a stalled server must not hold the source forever here
		connectTimeoutSeconds: timeout <= 0 ? DEFAULT_CONNECT_TIMEOUT_SECONDS : Math.max(2, timeout),
		applicationName: nonEmpty(params.application_name, env.PGAPPNAME, params.fallback_application_name) ?? 'emperor',
		ignored: Object.keys(params).filter(key => !HONOURED.has(key)),
	}};
};

// how the target is named in messages: never with its password
export const describePgTarget = (target: PgConnectTarget): string =>
	`${target.user}@${target.host.startsWith('/') ? `${target.host}/.s.PGSQL.${target.port}` : `${target.host}:${target.port}`}/${target.database}`;
