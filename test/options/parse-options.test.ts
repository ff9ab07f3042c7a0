import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseOptions} from '../../src/options/parse-options.js';

const parse = (argv: string[]) => {
	const result = parseOptions(argv);
	assert.ok(result.ok, `expected ${argv.join(' ')} to parse: ${result.ok ? '' : result.errors.join('; ')}`);
	return result.options;
};

const errorsOf = (argv: string[]) => {
	const result = parseOptions(argv);
	assert.ok(!result.ok);
	return result.errors;
};

test('defaults match uWSGI where uWSGI has the option', () => {
	const options = parse(['--vassals', '/etc/uwsgi/vassals']);
	assert.deepEqual(options.vassalsDir, ['/etc/uwsgi/vassals']);
	assert.equal(options.freqSeconds, 3);
	assert.equal(options.throttleMs, 1000);
	assert.equal(options.maxThrottleMs, 180_000);
	assert.equal(options.curseToleranceSeconds, 30);
	assert.equal(options.requiredHeartbeatSeconds, 30);
	assert.equal(options.reloadMercySeconds, 30);
	assert.equal(options.binaryPath, 'uwsgi');
	assert.equal(options.gracefulShutdown, false);
});

test('--emperor is accepted as uWSGI spells it', () => {
	assert.deepEqual(parse(['--emperor', 'vassals']).vassalsDir, ['vassals']);
});

test('--flag=value, bare booleans and repeated lists', () => {
	const options = parse(['--emperor=v', '--emperor-graceful-shutdown', '--vassal-set', 'plugins=python3', '--vassals-set=processes=2']);
	assert.deepEqual(options.vassalsDir, ['v']);
	assert.equal(options.gracefulShutdown, true);
	assert.deepEqual(options.vassalSet, ['plugins=python3', 'processes=2']);
});

test('uWSGI boolean spellings are understood', () => {
	assert.equal(parse(['--vassals', 'v', '--emperor-graceful-shutdown=no']).gracefulShutdown, false);
	assert.equal(parse(['--vassals', 'v', '--emperor-graceful-shutdown=on']).gracefulShutdown, true);
});

test('options are frozen', () => {
	const options = parse(['--vassals', 'v']);
	assert.ok(Object.isFrozen(options));
});

test('a bad number names the flag, the expectation and the value found', () => {
	assert.deepEqual(errorsOf(['--vassals', 'v', '--emperor-freq', 'abc']), ['--emperor-freq: expected a positive number of seconds, found "abc"']);
	assert.deepEqual(errorsOf(['--vassals', 'v', '--emperor-throttle', '-5']), ['--emperor-throttle: expected a positive whole number of milliseconds, found "-5"']);
});

test('a missing vassal directory is an error', () => {
	assert.deepEqual(errorsOf([]), ['--vassals: expected a directory of vassal files (--vassals DIR)']);
});

test('an unknown flag is an error, not silently ignored', () => {
	assert.deepEqual(errorsOf(['--vassals', 'v', '--emperor-frq', '3']), ['--emperor-frq: unknown option (see emperor --help)']);
});

test('a flag without its value is an error', () => {
	assert.deepEqual(errorsOf(['--vassals']), ['--vassals: expected a value, found nothing']);
});

test('vassal-set needs KEY=VALUE', () => {
	assert.match(errorsOf(['--vassals', 'v', '--vassal-set', 'novalue'])[0]!, /expected KEY=VALUE/);
});

test('--emperor and --vassals repeat: one source each, in order', () => {
	assert.deepEqual(parse(['--emperor', '/etc/uwsgi/vassals', '--vassals', '/srv/*/uwsgi.ini', '--emperor=dir:///opt/v']).vassalsDir, ['/etc/uwsgi/vassals', '/srv/*/uwsgi.ini', 'dir:///opt/v']);
});

test('a malformed source, or a pg:// one with a malformed connection string, is an invalid option naming it', () => {
	assert.deepEqual(errorsOf(['--emperor', "pg://dbname='x"]), ['--vassals: vassal source "pg://dbname=\'x": not a valid libpq connection string: dbname: a quoted value is not closed by \'']);
	assert.match(errorsOf(['--emperor', '/a', '--emperor', '/srv/[x/uwsgi.ini'])[0]!, /vassal source "\/srv\/\[x\/uwsgi.ini": not a valid glob pattern/);
});

test('without a source, the message is the one for a missing directory', () => {
	assert.deepEqual(errorsOf([]), ['--vassals: expected a directory of vassal files (--vassals DIR)']);
});
