import {createHash} from 'node:crypto';

// A vassal's name is what its source calls it: a file name for a directory source (`app.ini`), the matched path
// for a glob source (`/srv/blog/uwsgi.ini`, as uWSGI names glob vassals). Wherever a name must be a single, short,
// plain token — a cgroup, a journal identifier, LISTEN_FDNAMES, an on-demand socket file, a metrics label that
// tools split on `/` — use vassalIdentifier(name), and only it:
//
// - a name made only of A-Z a-z 0-9 `.` `_` `-`, not starting with `.`, at most 80 characters, is its own
//   identifier: every directory vassal with a plain file name keeps the identifier it always had;
// - any other name is rewritten: the leading `/` is dropped, the extension (`.ini`) kept apart, each run of other
//   characters (`/`, spaces, non-ASCII) becomes one `_`, only the last 60 characters of that are kept (the start of
//   a path is the part all vassals of a glob share), and `-` and 8 hex digits of the SHA-256 of the whole name are
//   added before the extension: `/srv/blog/uwsgi.ini` → `srv_blog_uwsgi-6c5ada26.ini`.
//
// The hash makes identifiers of different names differ even where the readable part is the same
// (`/srv/a_b/uwsgi.ini` and `/srv/a/b/uwsgi.ini`), short (at most 80 characters, so an on-demand socket path fits
// the 108 bytes of a unix socket address), valid as a systemd fd name (printable ASCII, no `:`), a cgroup or file
// name (no `/`, never `.` or `..`) and a journal identifier. The identifier is stable across restarts: it depends
// on the name alone.

const MAX_IDENTIFIER_LENGTH = 80;
const MAX_READABLE_LENGTH = 60;
const HASH_LENGTH = 8;
const PLAIN = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
const EXTENSION = /\.[A-Za-z0-9]{1,8}$/;
const UNSAFE_RUN = /[^A-Za-z0-9._-]+/g;

// true when the name can be used as it is wherever a plain token is needed
export const isPlainVassalName = (name: string): boolean => name.length <= MAX_IDENTIFIER_LENGTH && PLAIN.test(name);

// the 8 hex digits that tell rewritten names apart
const hashOf = (name: string): string => createHash('sha256').update(name).digest('hex').slice(0, HASH_LENGTH);

// the safe, short, stable identifier of a vassal name (see above)
export const vassalIdentifier = (name: string): string => {
	if (isPlainVassalName(name)) return name;
	const extension = EXTENSION.exec(name)?.[0] ?? '';
	const body = name.slice(0, name.length - extension.length);
	const readable = body.replace(UNSAFE_RUN, '_').replace(/^[._]+/, '').replace(/_+$/, '').slice(-MAX_READABLE_LENGTH).replace(/^[._]+/, '');
	return `${readable === '' ? 'vassal' : readable}-${hashOf(name)}${extension}`;
};
