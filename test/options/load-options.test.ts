import assert from 'node:assert/strict';
import {test} from 'node:test';
import {loadOptions, mergeOptions} from '../../src/options/load-options.js';
import {parseOptions} from '../../src/options/parse-options.js';
import {DEBIAN_EMPEROR_INI} from '../helpers/emperor-ini-fixtures.js';

const files = (texts: Record<string, string>) => (path: string) => {
	const text = texts[path];
	if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), {code: 'ENOENT'});
	return text;
};

const load = (argv: string[], texts: Record<string, string>) => {
	const result = loadOptions(argv, files(texts));
	assert.ok(result.ok, `expected ${argv.join(' ')} to load: ${result.ok ? '' : result.errors.join('; ')}`);
	return result;
};

test("Debian's stock emperor.ini is enough to start: its vassals dir and user, defaults for the rest, four notes", () => {
	const result = loadOptions(['--ini', DEBIAN_EMPEROR_INI]);
	assert.ok(result.ok, result.ok ? '' : result.errors.join('; '));
	const {options, notes} = result;
	assert.deepEqual(options.vassalsDir, ['/etc/uwsgi-emperor/vassals']);
	assert.equal(options.freqSeconds, 3);
	assert.equal(options.iniFile, DEBIAN_EMPEROR_INI);
	assert.deepEqual([options.uid, options.gid], ['www-data', 'www-data']);
	assert.equal(notes.length, 4);
});

test('a flag on the command line wins over the file; a repeatable flag adds to the file', () => {
	const {options} = load(['--ini', 'e.ini', '--emperor-freq', '7', '--vassal-set', 'b=2'], {'e.ini': '[uwsgi]\nemperor = v\nemperor-freq = 5\nreload-mercy = 4\nvassal-set = a=1\n'});
	assert.deepEqual({freq: options.freqSeconds, mercy: options.reloadMercySeconds, set: options.vassalSet}, {freq: 7, mercy: 4, set: ['a=1', 'b=2']});
	assert.deepEqual(mergeOptions({freqSeconds: 1}, {freqSeconds: 2}), {freqSeconds: 2});
	assert.deepEqual(mergeOptions({vassalsDir: ['a']}, {vassalsDir: ['b']}), {vassalsDir: ['a', 'b']});
});

test('the command line can give what the file lacks', () => {
	assert.deepEqual(load(['--ini', 'e.ini', '--vassals', 'cli'], {'e.ini': '[uwsgi]\nmaster = true\n'}).options.vassalsDir, ['cli']);
});

test('a bad value in the file names the file, the line and the key', () => {
	assert.deepEqual(loadOptions(['--ini', 'e.ini'], files({'e.ini': '[uwsgi]\nemperor = v\nemperor-freq = soon\n'})), {
		ok: false, errors: ['e.ini:3: emperor-freq: expected a positive number of seconds, found "soon"'],
	});
});

test('an ini that cannot be read is an error naming it', () => {
	assert.deepEqual(loadOptions(['--ini', '/nowhere/emperor.ini'], files({})), {ok: false, errors: ['--ini /nowhere/emperor.ini: cannot read it (ENOENT)']});
});

test('a file without the vassals dir, and no --vassals, is the usual missing-directory error', () => {
	assert.deepEqual(loadOptions(['--ini', 'e.ini'], files({'e.ini': '[uwsgi]\nmaster = true\n'})), {ok: false, errors: ['--vassals: expected a directory of vassal files (--vassals DIR)']});
});

test('without --ini the options are exactly those of the command line', () => {
	const argv = ['--vassals', 'v', '--ready-timeout', '5'];
	const loaded = load(argv, {});
	const parsed = parseOptions(argv);
	assert.ok(parsed.ok);
	assert.deepEqual(loaded, {...parsed, notes: []});
	assert.equal(loaded.options.readyTimeoutSeconds, 5);
});

test('emperor = repeats in the file, and --emperor flags add to its lines', () => {
	const {options} = load(['--ini', 'e.ini', '--emperor', '/srv/*/uwsgi.ini'], {'e.ini': '[uwsgi]\nemperor = /etc/uwsgi/vassals\nemperor = dir:///opt/vassals\n'});
	assert.deepEqual(options.vassalsDir, ['/etc/uwsgi/vassals', 'dir:///opt/vassals', '/srv/*/uwsgi.ini']);
});

test('a malformed emperor = line is an error naming the file and the spec', () => {
	const result = loadOptions(['--ini', 'e.ini'], () => '[uwsgi]\nemperor = zmq://tcp://127.0.0.1:5250\n');
	assert.ok(!result.ok);
	assert.deepEqual(result.errors, ['e.ini:2: emperor: vassal source "zmq://tcp://127.0.0.1:5250": zmq:// sources are not supported yet (supported: a directory, dir://, a glob, glob://, pg://)']);
});
