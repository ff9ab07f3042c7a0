import {open} from 'node:fs/promises';
import {resolve} from 'node:path';
import {hasErrors, type ConfigIssue} from './config-issue.js';
import {parseUwsgiIni, type IniEntry, type IniSections} from './parse-uwsgi-ini.js';

export const MAX_VASSAL_FILE_BYTES = 1024 * 1024;

// the machine is short of something (descriptors, memory) rather than the file being wrong: try again
export const TRANSIENT_READ_ERRORS: readonly string[] = ['EMFILE', 'ENFILE', 'ENOMEM', 'EAGAIN', 'EINTR'];

export type VassalConfig = {
	readonly name: string;
	readonly path: string;
	readonly entries: readonly IniEntry[];
	readonly sections: IniSections;
	/** the file's text as read: a failed overlap reload respawns from the text of the generation that served */
	readonly text?: string;
	/** uwsgi: a [uwsgi] section, run by uWSGI; program: `[emperor] command = …`, any other program */
	readonly kind?: 'uwsgi' | 'program';
	/** the config came as text from a source that is not a file (a pg:// row): every generation gets it through the config channel */
	readonly viaChannel?: boolean;
};

export type VassalFileResult =
	| {readonly ok: true; readonly config: VassalConfig; readonly warnings: readonly ConfigIssue[]}
	| {readonly ok: false; readonly issues: readonly ConfigIssue[]};

const fail = (file: string, code: string, message: string, line?: number): VassalFileResult =>
	({ok: false, issues: [{file, line, code, severity: 'error', message}]});

const lineOfOffset = (bytes: Buffer, offset: number): number => {
	let line = 1;
	for (let index = 0; index < offset; index++) if (bytes[index] === 0x0a) line++;
	return line;
};

// reads at most the size cap plus one byte, so a growing file cannot make us read without bound
const readCapped = async (path: string): Promise<{bytes: Buffer; isRegular: boolean}> => {
	const handle = await open(path, 'r');
	try {
		const stats = await handle.stat();
		if (!stats.isFile()) return {bytes: Buffer.alloc(0), isRegular: false};
		// sized to the file (plus room to notice growth), not to the cap: a thousand reads stay small
		const buffer = Buffer.alloc(Math.min(MAX_VASSAL_FILE_BYTES + 1, Number(stats.size) + 4096));
		let length = 0;
		while (length < buffer.length) {
			const {bytesRead} = await handle.read(buffer, length, buffer.length - length, length);
			if (bytesRead === 0) break;
			length += bytesRead;
		}
		return {bytes: buffer.subarray(0, length), isRegular: true};
	} finally {
		await handle.close();
	}
};

const decoder = new TextDecoder('utf-8', {fatal: true});

// reads one vassal file (size cap, encoding, uWSGI ini rules) into a config or a list of issues; never throws
export const readVassalFile = async (directory: string, name: string): Promise<VassalFileResult> => {
	// resolve, not join: a glob vassal's name is its path, absolute or relative to the directory
	const path = resolve(directory, name);
	let read: {bytes: Buffer; isRegular: boolean};
	try {
		read = await readCapped(path);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
		if (code === 'EISDIR') return fail(name, 'VASSAL_FILE_NOT_REGULAR', 'expected a regular file, found a directory');
		if (TRANSIENT_READ_ERRORS.includes(code)) return fail(name, 'VASSAL_FILE_READ_LATER', `cannot be read now (${code}): ${(error as Error).message}; retried shortly`);
		return fail(name, 'VASSAL_FILE_UNREADABLE', `cannot be read (${code}): ${(error as Error).message}`);
	}
	if (!read.isRegular) return fail(name, 'VASSAL_FILE_NOT_REGULAR', 'expected a regular file, found something else (directory, fifo or device)');
	const {bytes} = read;
	if (bytes.length > MAX_VASSAL_FILE_BYTES) {
		return fail(name, 'VASSAL_FILE_TOO_LARGE', `expected at most ${MAX_VASSAL_FILE_BYTES} bytes (1 MiB), found a larger file`);
	}
	const nul = bytes.indexOf(0);
	if (nul !== -1) return fail(name, 'VASSAL_FILE_BINARY', 'expected text, found a NUL byte', lineOfOffset(bytes, nul));
	let text: string;
	try {
		text = decoder.decode(bytes);
	} catch {
		return fail(name, 'VASSAL_FILE_ENCODING', 'expected UTF-8 text, found invalid byte sequences');
	}
	return parseVassalText(name, path, text);
};

// checks a vassal's text by uWSGI's ini rules: a [uwsgi] section or an [emperor] command, never both; never throws
export const parseVassalText = (name: string, path: string, text: string): VassalFileResult => {
	const parsed = parseUwsgiIni(text.replace(/^\uFEFF/, ''), name);
	const issues = [...parsed.issues];
	const uwsgi = parsed.entries.find(entry => entry.section === 'uwsgi');
	const command = parsed.entries.find(entry => entry.section === 'emperor' && entry.key === 'command');
	if (uwsgi === undefined && command === undefined) {
		issues.push({file: name, code: 'VASSAL_NO_UWSGI_SECTION', severity: 'error', message: 'expected a [uwsgi] section with at least one option (a uWSGI vassal), or [emperor] command = … (any other program), found neither'});
	}
	if (uwsgi !== undefined && command !== undefined) {
		issues.push({file: name, line: command.line, key: 'command', code: 'VASSAL_UWSGI_AND_COMMAND', severity: 'error',
			message: `[emperor] command (line ${command.line}) runs another program, but the file also has a [uwsgi] section (line ${uwsgi.line}): keep one of them`});
	}
	if (hasErrors(issues)) return {ok: false, issues};
	const kind = command === undefined ? 'uwsgi' : 'program';
	return {ok: true, config: {name, path, entries: parsed.entries, sections: parsed.sections, text, kind}, warnings: issues};
};
