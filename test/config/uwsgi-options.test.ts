import assert from 'node:assert/strict';
import {test} from 'node:test';
import {UWSGI_OPTION_NAMES, isUwsgiOption, pluginOfOption} from '../../src/config/uwsgi-options.js';
import {VASSAL_OPTIONS} from '../../src/config/vassal-schema.js';

test('the generated list holds the core, python3 and http options of uWSGI 2.0', () => {
	for (const name of ['master', 'socket', 'chmod-socket', 'die-on-idle', 'for-readline', 'endfor', 'strict']) assert.ok(isUwsgiOption(name), name);
	assert.equal(pluginOfOption('module'), 'python3');
	assert.equal(pluginOfOption('http'), 'http');
	assert.equal(pluginOfOption('master'), undefined);
	assert.ok(UWSGI_OPTION_NAMES.length > 1000);
});

test('uWSGI matches names exactly: no underscores, no upper case', () => {
	assert.equal(isUwsgiOption('enable_threads'), false);
	assert.equal(isUwsgiOption('Master'), false);
});

test('every option of the schema, and every alias, is a real uWSGI option', () => {
	const names = Object.entries(VASSAL_OPTIONS).flatMap(([name, spec]) => [name, ...('aliases' in spec ? spec.aliases : [])]);
	assert.deepEqual(names.filter(name => !isUwsgiOption(name)), []);
});
