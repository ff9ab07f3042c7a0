import {z} from '../lib/zod.js';

// uWSGI's false spellings (uwsgi_opt_true: strcasecmp false/off/no, strcmp 0); a bare key or an empty value is true
export const BOOLEAN_EXPECTED = 'expected true/false, yes/no, on/off or 1/0';
const flag = z.union([
	z.literal(true),
	z.stringbool({truthy: ['true', 'yes', 'on', '1', ''], falsy: ['false', 'no', 'off', '0'], case: 'insensitive', error: BOOLEAN_EXPECTED}),
], {error: BOOLEAN_EXPECTED});

// atoi/strtoul read digits only: a unit or a word is not a number to uWSGI
const wholeNumber = z.string({error: 'expected a whole number'}).regex(/^\d+$/, {error: 'expected a whole number'}).transform(Number);

// core/uwsgi.c uwsgi_opt_chmod_socket: exactly three octal digits, or 1 for 666; anything else makes uWSGI exit
const socketMode = z.string({error: 'expected a mode of three octal digits like 660'})
	.regex(/^(?:[0-7]{3}|1)$/, {error: 'expected a mode of three octal digits like 660'})
	.transform(mode => (mode === '1' ? 0o666 : Number.parseInt(mode, 8)));

const text = z.string({error: 'expected a value'}).min(1, {error: 'expected a value'});
const address = z.string({error: 'expected an address like /run/app.sock or 127.0.0.1:3031'}).min(1, {error: 'expected an address like /run/app.sock or 127.0.0.1:3031'});
const mountpoint = z.string({error: 'expected MOUNTPOINT=APP, like /app=wsgi.py'}).regex(/^[^=]*=.+$/, {error: 'expected MOUNTPOINT=APP, like /app=wsgi.py'});

/** how a value is read, and whether repeating the key adds to a list (socket, env…) or replaces (processes…) */
type OptionSpec = {readonly value: z.ZodType; readonly isList?: boolean; readonly aliases?: readonly string[]};

/** the options operators use most (seeds, uWSGI docs), by their canonical name; other keys pass unchecked */
export const VASSAL_OPTIONS = {
	master: {value: flag},
	processes: {value: wholeNumber, aliases: ['workers']},
	threads: {value: wholeNumber},
	'enable-threads': {value: flag},
	socket: {value: address, isList: true},
	'uwsgi-socket': {value: address, isList: true},
	http: {value: address, isList: true},
	'http-socket': {value: address, isList: true},
	https: {value: address, isList: true},
	'https-socket': {value: address, isList: true},
	'fastcgi-socket': {value: address, isList: true},
	'chmod-socket': {value: socketMode},
	'chown-socket': {value: text},
	uid: {value: text},
	gid: {value: text},
	chdir: {value: text},
	chroot: {value: text},
	module: {value: text, aliases: ['wsgi']},
	'wsgi-file': {value: text, aliases: ['file']},
	callable: {value: text},
	mount: {value: mountpoint, isList: true},
	'manage-script-name': {value: flag},
	virtualenv: {value: text, aliases: ['home', 'venv', 'pyhome']},
	pythonpath: {value: text, isList: true, aliases: ['python-path']},
	plugins: {value: text, isList: true, aliases: ['plugin']},
	idle: {value: wholeNumber},
	'die-on-idle': {value: flag},
	'die-on-term': {value: flag},
	vacuum: {value: flag},
	harakiri: {value: wholeNumber},
	listen: {value: wholeNumber},
	'buffer-size': {value: wholeNumber},
	'socket-timeout': {value: wholeNumber},
	'log-slow': {value: wholeNumber},
	logto: {value: text},
	stats: {value: address, aliases: ['stats-server']},
	env: {value: text, isList: true},
	cheaper: {value: wholeNumber},
	'cheaper-initial': {value: wholeNumber},
	'cheaper-step': {value: wholeNumber},
	'cheaper-overload': {value: wholeNumber},
	'cheaper-algo': {value: text},
	'cheaper-rss-limit-soft': {value: wholeNumber},
	'cheaper-rss-limit-hard': {value: wholeNumber},
	'reload-mercy': {value: wholeNumber},
	'max-requests': {value: wholeNumber},
	'need-app': {value: flag},
	strict: {value: flag},
} as const satisfies Record<string, OptionSpec>;

export type VassalOptionName = keyof typeof VASSAL_OPTIONS;

// every value of a key is checked (uWSGI applies each one); a list keeps them all, any other option its last one
const field = <Spec extends OptionSpec>(spec: Spec) => z.array(spec.value).transform(values =>
	(spec.isList === true ? values : values.at(-1)) as Spec['isList'] extends true ? z.output<Spec['value']>[] : z.output<Spec['value']> | undefined);

const fields = Object.fromEntries(Object.entries(VASSAL_OPTIONS).map(([name, spec]) => [name, field(spec).optional()]));

/** the schema of a vassal's [uwsgi] options: canonical name → every value found, in file order */
export const vassalOptionsSchema = z.object(fields as unknown as {[Name in VassalOptionName]: z.ZodOptional<ReturnType<typeof field<(typeof VASSAL_OPTIONS)[Name]>>>});

/** a vassal's options, read: numbers are numbers, booleans booleans, modes numbers */
export type VassalOptions = z.output<typeof vassalOptionsSchema>;

const CANONICAL = new Map<string, VassalOptionName>();
for (const [name, spec] of Object.entries(VASSAL_OPTIONS) as [VassalOptionName, OptionSpec][]) {
	CANONICAL.set(name, name);
	for (const alias of spec.aliases ?? []) CANONICAL.set(alias, name);
}

// the canonical name of an option the schema covers (`workers` → processes), or undefined
export const canonicalOptionName = (key: string): VassalOptionName | undefined => CANONICAL.get(key);

// true for an option whose values are read as booleans
export const isFlagOption = (name: VassalOptionName): boolean => VASSAL_OPTIONS[name].value === flag;

// true for an option whose values are read as whole numbers
export const isNumberOption = (name: VassalOptionName): boolean => VASSAL_OPTIONS[name].value === wholeNumber;
