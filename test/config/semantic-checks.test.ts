import assert from 'node:assert/strict';
import {test} from 'node:test';
import {formatConfigIssue} from '../../src/config/config-issue.js';
import {expandPlaceholders} from '../../src/config/expand-placeholders.js';
import {parseUwsgiIni} from '../../src/config/parse-uwsgi-ini.js';
import {checkSemantics} from '../../src/config/semantic-checks.js';
import {validateOptions} from '../../src/config/validate-options.js';

const check = (text: string) => {
	const {entries} = expandPlaceholders(parseUwsgiIni(`[uwsgi]\n${text}`, 'app.ini').entries, {magic: new Map(), env: {}});
	return checkSemantics(validateOptions(entries, 'app.ini').options, entries, 'app.ini').map(issue => `${formatConfigIssue(issue)} [${issue.severity}]`);
};

test('die-on-idle without idle is a warning', () => {
	assert.deepEqual(check('die-on-idle = true'), ['app.ini:2: die-on-idle: has no effect without idle = SECONDS (the vassal never goes idle) [warning]']);
	assert.deepEqual(check('die-on-idle = true\nidle = 0'), ['app.ini:2: die-on-idle: has no effect without idle = SECONDS (the vassal never goes idle) [warning]']);
	assert.deepEqual(check('die-on-idle = true\nidle = 600'), []);
	assert.deepEqual(check('die-on-idle = false'), []);
});

test('cheaper must stay below processes (one when unset), or uWSGI exits', () => {
	assert.deepEqual(check('processes = 4\ncheaper = 4'), ['app.ini:3: cheaper: expected fewer than processes (4), found 4: uWSGI exits at start-up [error]']);
	assert.deepEqual(check('cheaper = 2'), ['app.ini:2: cheaper: expected fewer than processes (1), found 2: uWSGI exits at start-up [error]']);
	assert.deepEqual(check('processes = 4\ncheaper = 1'), []);
	assert.deepEqual(check('cheaper = 0'), []);
});
