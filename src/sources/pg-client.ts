// the database client of pg:// sources (postgres, by porsager): one connection, options from the resolved libpq
// target, and a query whose values come back as libpq's text (what uWSGI's emperor_pg reads with PQgetvalue)
import type {Options, Sql} from 'postgres';
import type {PgConnectTarget} from './pg-connect-options.js';
import {lookUpPgpass} from './pgpass.js';

export type PgClientEvents = {
	readonly onNotify?: () => void;
	readonly onClose?: () => void;
};

// libpq's sslmode as the client's ssl option; a unix socket never negotiates TLS
const sslOf = (target: PgConnectTarget): false | 'prefer' | 'require' | 'verify-full' => {
	if (target.host.startsWith('/') || target.sslmode === 'disable' || target.sslmode === 'allow') return false;
	if (target.sslmode === 'verify-ca' || target.sslmode === 'verify-full') return 'verify-full';
	return target.sslmode === 'require' ? 'require' : 'prefer';
};

// the password to send: the one given, else the password file's (with the file's warning, if any)
export const findPgPassword = async (target: PgConnectTarget): Promise<{password?: string | undefined; warning?: string | undefined}> => {
	if (target.password !== undefined) return {password: target.password};
	return lookUpPgpass(target.passfile, {host: target.host, port: String(target.port), database: target.database, user: target.user});
};

// a client of one connection to the target (it connects on its first query); the client itself is loaded here,
// on the first pg:// source, not at every start of the emperor
export const openPgClient = async (target: PgConnectTarget, password: string | undefined, events: PgClientEvents = {}): Promise<Sql> => {
	const {default: postgres} = await import('postgres');
	// onnotify is an option the client honours but does not declare
	const options: Record<string, unknown> = {
		host: target.host, port: target.port, database: target.database, username: target.user, password: password ?? '',
		ssl: sslOf(target), connect_timeout: target.connectTimeoutSeconds, max: 1, idle_timeout: null, max_lifetime: null,
		fetch_types: false, prepare: false, connection: {application_name: target.applicationName},
		onnotice: () => {},
		onnotify: () => events.onNotify?.(),
		onclose: () => events.onClose?.(),
	};
	return postgres(options as Options<{}>);
};

export type PgValues = {readonly values: (string | null)[][]; readonly columnCount: number};

// runs the query; every value as text or null, and the number of columns the result has
export const queryPgValues = async (sql: Sql, query: string): Promise<PgValues> => {
	const result = await sql.unsafe(query).raw();
	const values = result.map(row => (row as unknown as (Uint8Array | null)[]).map(value => (value === null ? null : Buffer.from(value).toString('utf8'))));
	const columnCount = (result as unknown as {columns?: unknown[]}).columns?.length ?? (values[0]?.length ?? 3);
	return {values, columnCount};
};
