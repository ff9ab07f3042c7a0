// `pg://CONNINFO;QUERY`, read as uWSGI's emperor_pg reads it: everything up to the first `;` is a libpq connection
// string (key=value pairs or a postgresql:// URI), everything after it the query; no query means uWSGI's own
import {parseConninfo} from './conninfo.js';
import {redactConninfo} from './conninfo-redact.js';

/** emperor_pg's query when the spec has none */
export const DEFAULT_PG_QUERY = 'SELECT name,config,EXTRACT(epoch FROM ts) FROM vassals';

export type PgSpec = {
	/** the spec with any password masked: the only form messages, stats and metrics use */
	readonly spec: string;
	readonly conninfo: string;
	readonly query: string;
};

export type PgSpecResult = {readonly ok: true; readonly pg: PgSpec} | {readonly ok: false; readonly reason: string};

// splits the part after `pg://` into connection string and query, and checks the connection string parses
export const parsePgSpec = (spec: string, rest: string): PgSpecResult => {
	const semicolon = rest.indexOf(';');
	const conninfo = semicolon === -1 ? rest : rest.slice(0, semicolon);
	const query = semicolon === -1 ? DEFAULT_PG_QUERY : rest.slice(semicolon + 1).trim();
	if (query === '') return {ok: false, reason: `expected a query after ";" (or no ";" for uWSGI's default: ${DEFAULT_PG_QUERY})`};
	const parsed = parseConninfo(conninfo);
	if (!parsed.ok) return {ok: false, reason: `not a valid libpq connection string: ${parsed.error}`};
	return {ok: true, pg: {spec: redactConninfo(spec), conninfo, query}};
};
