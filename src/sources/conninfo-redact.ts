// The one place a connection string is made fit to show: every log line, stats document, metrics label, status
// line and error message names a pg:// source through redactConninfo, and an error text from the database client
// goes through redactSecrets, so a password written in the spec never leaves the process.
import {parseConninfo} from './conninfo.js';

const MASK = '***';
// `password=secret`, `password = 'se cret'`, in key=value form (the keyword is case-sensitive in libpq, but a
// mistyped case must not leak either)
// (one a URI parameter already masked is left alone; a bare value ends at white space, or at the `;` that starts a pg:// spec's query)
const KEYWORD_PASSWORD = /(\bpassword\s*=\s*)(?!\*\*\*(?:[&\s;]|$))('(?:\\.|[^'\\])*'?|(?:\\.|[^\s;])*)/gi;
// `postgresql://user:secret@`: everything between the first `:` of the user part and the last `@` of the authority
const URI_PASSWORD = /(postgres(?:ql)?:\/\/[^:@/?\s;]*:)([^/?\s;]*@)/gi;
// `?password=secret` or `&password=secret` in a URI
const URI_PARAMETER_PASSWORD = /([?&]password=)[^&]*/gi;

// the text with every password it holds replaced by ***, whether or not it parses
export const redactConninfo = (text: string): string =>
	text
		.replace(URI_PASSWORD, (_match, head: string, tail: string) => `${head}${MASK}${tail.slice(tail.lastIndexOf('@'))}`)
		.replace(URI_PARAMETER_PASSWORD, `$1${MASK}`)
		.replace(KEYWORD_PASSWORD, `$1${MASK}`);

// the password a connection string holds, if any (what redactSecrets must hide in texts that did not come from us)
export const passwordOf = (conninfo: string): string | undefined => {
	const parsed = parseConninfo(conninfo);
	return parsed.ok ? parsed.params.password : undefined;
};

// the text with each secret (and the connection string's passwords) replaced by ***
export const redactSecrets = (text: string, secrets: readonly (string | undefined)[]): string => {
	let redacted = redactConninfo(text);
	for (const secret of secrets) if (secret !== undefined && secret !== '') redacted = redacted.split(secret).join(MASK);
	return redacted;
};
