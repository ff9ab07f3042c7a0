// a libpq connection string, read as libpq reads it (PQconnectdb): either `key=value` pairs (values may be
// single-quoted, with \' and \\ inside) or a URI (postgresql:// or postgres://user:password@host:port/dbname?key=value),
// into the same keywords; nothing here connects

export type ConninfoParams = Readonly<Record<string, string>>;

export type ConninfoResult = {readonly ok: true; readonly params: ConninfoParams} | {readonly ok: false; readonly error: string};

const URI_PREFIX = /^postgres(?:ql)?:\/\//i;
const KEYWORD = /^[A-Za-z_][A-Za-z0-9_]*/;

// true when the text is a URI rather than key=value pairs
export const isConninfoUri = (text: string): boolean => URI_PREFIX.test(text.trim());

const decode = (text: string): string | undefined => {
	try {
		return decodeURIComponent(text);
	} catch {
		return undefined;
	}
};

// one value after `=`: a quoted one up to its closing quote, or a bare one up to white space
const readValue = (text: string, start: number): {value: string; end: number} | {error: string} => {
	let index = start;
	let value = '';
	if (text[index] === "'") {
		index++;
		while (index < text.length && text[index] !== "'") {
			if (text[index] === '\\' && index + 1 < text.length) index++;
			value += text[index++];
		}
		if (index >= text.length) return {error: 'a quoted value is not closed by \''};
		return {value, end: index + 1};
	}
	while (index < text.length && !/\s/.test(text[index]!)) {
		if (text[index] === '\\' && index + 1 < text.length) index++;
		value += text[index++];
	}
	return {value, end: index};
};

// `host=/tmp dbname='my db' user=app`
const parseKeywordValue = (text: string): ConninfoResult => {
	const params: Record<string, string> = {};
	let index = 0;
	for (;;) {
		while (index < text.length && /\s/.test(text[index]!)) index++;
		if (index >= text.length) return {ok: true, params};
		const keyword = KEYWORD.exec(text.slice(index))?.[0];
		if (keyword === undefined) return {ok: false, error: `expected a keyword at character ${index + 1}`};
		index += keyword.length;
		while (index < text.length && /\s/.test(text[index]!)) index++;
		if (text[index] !== '=') return {ok: false, error: `missing "=" after "${keyword}"`};
		index++;
		while (index < text.length && /\s/.test(text[index]!)) index++;
		const read = readValue(text, index);
		if ('error' in read) return {ok: false, error: `${keyword}: ${read.error}`};
		params[keyword] = read.value;
		index = read.end;
	}
};

// `postgresql://user:password@host:port/dbname?key=value`; a host may be %2F-encoded (a socket directory) or in ?host=
const parseUri = (text: string): ConninfoResult => {
	const rest = text.trim().replace(URI_PREFIX, '');
	const params: Record<string, string> = {};
	const queryAt = rest.indexOf('?');
	const beforeQuery = queryAt === -1 ? rest : rest.slice(0, queryAt);
	const slashAt = beforeQuery.indexOf('/');
	const authority = slashAt === -1 ? beforeQuery : beforeQuery.slice(0, slashAt);
	const atAt = authority.lastIndexOf('@');
	const credentials = atAt === -1 ? undefined : authority.slice(0, atAt);
	const hostPort = atAt === -1 ? authority : authority.slice(atAt + 1);
	const set = (key: string, raw: string) => {
		const value = decode(raw);
		if (value === undefined) return `${key}: invalid percent-encoding`;
		if (value !== '') params[key] = value;
		return undefined;
	};
	const problems: (string | undefined)[] = [];
	if (credentials !== undefined) {
		const colonAt = credentials.indexOf(':');
		problems.push(set('user', colonAt === -1 ? credentials : credentials.slice(0, colonAt)));
		if (colonAt !== -1) problems.push(set('password', credentials.slice(colonAt + 1)));
	}
	const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(hostPort);
	const colonAt = hostPort.lastIndexOf(':');
	if (bracketed !== null) {
		problems.push(set('host', bracketed[1]!), set('port', bracketed[2] ?? ''));
	} else if (colonAt !== -1) {
		problems.push(set('host', hostPort.slice(0, colonAt)), set('port', hostPort.slice(colonAt + 1)));
	} else {
		problems.push(set('host', hostPort));
	}
	if (slashAt !== -1) problems.push(set('dbname', beforeQuery.slice(slashAt + 1)));
	if (queryAt !== -1) {
		for (const pair of rest.slice(queryAt + 1).split('&')) {
			if (pair === '') continue;
			const equalsAt = pair.indexOf('=');
			if (equalsAt === -1) return {ok: false, error: `URI parameter "${pair}" has no "="`};
			const key = decode(pair.slice(0, equalsAt));
			if (key === undefined) return {ok: false, error: 'invalid percent-encoding in a URI parameter'};
			problems.push(set(key, pair.slice(equalsAt + 1)));
		}
	}
	const problem = problems.find(found => found !== undefined);
	return problem === undefined ? {ok: true, params} : {ok: false, error: problem};
};

// parses a libpq connection string into its keywords (an empty string is valid: everything from the environment)
export const parseConninfo = (text: string): ConninfoResult => (isConninfoUri(text) ? parseUri(text) : parseKeywordValue(text));
