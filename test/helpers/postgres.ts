import {execFile} from 'node:child_process';
import {appendFileSync, chownSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {after} from 'node:test';
import postgres from 'postgres';

const run = promisify(execFile);

export const PG_BIN = '/usr/lib/postgresql/15/bin';

export type PgCluster = {
	/** the unix socket directory (and the cluster's home): host= of the connection string */
	readonly socketDirectory: string;
	readonly port: number;
	/** a libpq connection string to the test database, as the superuser */
	readonly conninfo: string;
	/** runs SQL in the test database */
	sql: (text: string, parameters?: unknown[]) => Promise<unknown[]>;
	/** pg_ctl stop -m fast: connections are cut, as when the database host goes down */
	stop: () => Promise<void>;
	start: () => Promise<void>;
	/** stops the cluster and removes its directory */
	close: () => Promise<void>;
};



// runs a PostgreSQL program as the postgres user (the tests run as root; initdb and postgres refuse root). Where
// /dev/null is not writable by others (some containers make it 0644), initdb's `> /dev/null` fails: the program
// then runs in a mount namespace of its own where /dev/null is a 0666 null device, leaving the machine's alone
const runAsPostgres = (home: string, program: string, args: string[]) => {
	const command = ['runuser', '-u', 'postgres', '--', join(PG_BIN, program), ...args];
	const env = {...process.env, LC_ALL: 'C.UTF-8'};
	if ((statSync('/dev/null').mode & 0o002) !== 0) return run(command[0]!, command.slice(1), {env});
	const shim = 'mknod "$0/null" c 1 3 2>/dev/null || true; chmod 666 "$0/null" && mount --bind "$0/null" /dev/null && exec "$@"';
	return run('unshare', ['-m', 'sh', '-c', shim, home, ...command], {env});
};

// the vassals table of uWSGI's emperor_pg, with the host column and the trigger of docs/fleet.md
export const VASSALS_SCHEMA = `
CREATE TABLE vassals (
	name text PRIMARY KEY,
	config text NOT NULL,
	ts timestamptz NOT NULL DEFAULT now(),
	host text NOT NULL DEFAULT 'web1'
);
CREATE FUNCTION notify_emperor() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('emperor', '');
	RETURN NULL;
END $$;
CREATE TRIGGER vassals_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON vassals
	FOR EACH STATEMENT EXECUTE FUNCTION notify_emperor();
`;

// starts a PostgreSQL 15 cluster of the test's own in a temporary directory: initdb as postgres, a unix socket in
// that directory and no TCP listener (listen_addresses = ''), so no port can clash with anything; stopped and
// removed when the test file ends. Debian's own cluster is never used.
export const startPgCluster = async (port = 5432): Promise<PgCluster> => {
	const cluster = await createPgCluster(port);
	after(cluster.close);
	return cluster;
};

// the same, for a script that is not a test (a benchmark): the caller closes it
export const createPgCluster = async (port = 5432): Promise<PgCluster> => {

	const home = mkdtempSync(join(tmpdir(), 'emperor-pg-'));
	const {stdout: idText} = await run('id', ['-u', 'postgres']);
	const {stdout: gidText} = await run('id', ['-g', 'postgres']);
	chownSync(home, Number(idText.trim()), Number(gidText.trim()));
	const data = join(home, 'data');
	// a second socket directory, for a client the test can cut off alone (rename it away, restart the server)
	const second = join(home, 'emperor');
	mkdirSync(second);
	chownSync(second, Number(idText.trim()), Number(gidText.trim()));
	await runAsPostgres(home, 'initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
	appendFileSync(join(data, 'postgresql.conf'), [
		"listen_addresses = ''", `unix_socket_directories = '${home},${second}'`, `port = ${port}`, 'fsync = off', 'synchronous_commit = off', 'full_page_writes = off',
		'shared_buffers = 16MB', 'max_connections = 40', '',
	].join('\n'));
	const log = join(home, 'postgres.log');
	writeFileSync(join(home, 'README'), 'a PostgreSQL cluster of the emperor tests; removed when they end\n');
	const start = async () => {
		await runAsPostgres(home, 'pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', 'start']);
	};
	const stop = async () => {
		await runAsPostgres(home, 'pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
	};
	await start();
	const admin = postgres({host: home, port, database: 'postgres', username: 'postgres', max: 1, onnotice: () => {}});
	await admin.unsafe('CREATE DATABASE emperor');
	await admin.end();
	const client = postgres({host: home, port, database: 'emperor', username: 'postgres', max: 2, onnotice: () => {}});
	return {
		async close() {
			await client.end({timeout: 1}).catch(() => {});
			await stop().catch(() => {});
			rmSync(home, {recursive: true, force: true});
		},
		socketDirectory: home,
		port,
		conninfo: `host=${home} port=${port} dbname=emperor user=postgres`,
		sql: async (text, parameters) => [...(parameters === undefined ? await client.unsafe(text) : await client.unsafe(text, parameters as never[]))],
		stop,
		start,
	};
};
