import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import fc from 'fast-check';
import {analyzeVassal} from '../../src/config/analyze-vassal.js';
import {checkHost} from '../../src/config/check-host.js';
import type {ConfigIssue} from '../../src/config/config-issue.js';
import {loadVassalFile} from '../../src/config/load-vassal-file.js';
import {makeMagicTable} from '../../src/config/magic-variables.js';
import {parseUwsgiIni} from '../../src/config/parse-uwsgi-ini.js';
import {readVassalFile} from '../../src/config/read-vassal-file.js';
import {makeTempDir} from '../helpers/temp-dir.js';

const KEYS = ['master', 'processes', 'workers', 'threads', 'socket', 'http', 'https', 'chmod-socket', 'uid', 'gid', 'chdir', 'chroot', 'wsgi-file', 'virtualenv',
	'mount', 'plugins', 'idle', 'die-on-idle', 'cheaper', 'listen', 'stats', 'env', 'strict', 'for-readline', 'endfor', 'if-env', 'endif', 'ini',
	'enable_threads', 'proceses', 'project', 'a', 'b', '_', '', ' ', 'Master', '%n', '=', '[uwsgi]'];
const VALUES = ['true', 'false', 'ture', '0', '4', 'four', '4 ; x', '660', '0660', '1', ':3031', '127.0.0.1:0', '@x', '=0', '/tmp/x.sock', 'a.sock',
	'%d%n.sock', '%(project)', '%(a)', '%(b)', '%(a b + 1)', '%(', '%', '%%', '%z', '$(HOME)', '$(', '@(x)', '/app=x.py', 'u:g', '', '\u00e9\u4e2d', '[::]:80', 'https,:443'];

// lines of an almost valid vassal: sections, keys of every kind, values with placeholders, comments, stray text
const nearValidLine = fc.oneof(
	fc.constantFrom('[uwsgi]', '[emperor]', '[fake]', '[uwsgi', '[]', '', '; comment', '# comment', '  ; indented'),
	fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES)).map(([key, value]) => `${key} = ${value}`),
	fc.constantFrom(...KEYS),
	fc.string({maxLength: 20}),
);
const nearValidIni = fc.array(nearValidLine, {maxLength: 30}).chain(lines => fc.constantFrom('\n', '\r\n').map(eol => `[uwsgi]${eol}${lines.join(eol)}`));

const magic = makeMagicTable({
	path: '/srv/vassals/app.ini', argument: 'app.ini', cwd: '/srv/vassals', hostname: 'h', cpus: 2, uid: 0, user: 'root', gid: 0, group: 'root',
	binaryPath: 'uwsgi', version: '2.0', now: 0,
});

const assertIssue = (issue: ConfigIssue) => {
	assert.equal(typeof issue.code, 'string');
	assert.equal(typeof issue.message, 'string');
	assert.ok(['error', 'warning', 'info'].includes(issue.severity));
};

test('random near-valid ini text: parsing and every check return issues, never throw', () => {
	fc.assert(fc.property(nearValidIni, fc.boolean(), (text, hostChecks) => {
		const parsed = parseUwsgiIni(text, 'app.ini');
		const analysis = analyzeVassal({name: 'app.ini', path: '/srv/vassals/app.ini', entries: parsed.entries, sections: parsed.sections}, {
			directory: '/srv/vassals', magic, env: {HOME: '/root'}, isStrict: false, hostChecks,
		});
		const facts = {users: new Set(['root']), groups: new Set(['root']), somaxconn: 128, paths: new Map()};
		for (const issue of [...parsed.issues, ...analysis.issues, ...checkHost(analysis.requirements, facts, 'app.ini')]) assertIssue(issue);
	}), {numRuns: 400});
});

test('random bytes: the reader always answers with a config or issues', async () => {
	const directory = makeTempDir('emperor-property-');
	await fc.assert(fc.asyncProperty(fc.uint8Array({maxLength: 300}), async bytes => {
		writeFileSync(join(directory, 'random.ini'), bytes);
		const read = await readVassalFile(directory, 'random.ini');
		if (!read.ok) read.issues.forEach(assertIssue);
		const loaded = await loadVassalFile(directory, 'random.ini');
		(loaded.ok ? loaded.warnings : loaded.issues).forEach(assertIssue);
	}), {numRuns: 150});
});

test('random near-valid files on disk, with host checks: the loader always answers', async () => {
	const directory = makeTempDir('emperor-property-');
	await fc.assert(fc.asyncProperty(nearValidIni, async text => {
		writeFileSync(join(directory, 'near.ini'), text);
		const loaded = await loadVassalFile(directory, 'near.ini', {claims: [{vassal: 'other.ini', bindings: [{address: {kind: 'tcp', host: '*', port: 3031}, key: 'socket', line: 1}]}]});
		(loaded.ok ? loaded.warnings : loaded.issues).forEach(assertIssue);
	}), {numRuns: 100});
});
