import assert from 'node:assert/strict';
import {test} from 'node:test';
import {formatLogLine, spellOutLogsArguments} from '../../src/commands/logs-command.js';
import {formatClock} from '../../src/output/pretty-line.js';

test('-f, -n N and -nN are spelled as --follow and --lines', () => {
	assert.deepEqual(spellOutLogsArguments(['app.ini', '-f', '-n', '5']), ['app.ini', '--follow', '--lines', '5']);
	assert.deepEqual(spellOutLogsArguments(['-n20', 'app.ini']), ['--lines=20', 'app.ini']);
});

test('a line is printed after its time, as the vassal wrote it', () => {
	const time = Date.UTC(2026, 0, 1, 12, 0, 0, 5);
	assert.equal(formatLogLine({time, stream: 'stderr', text: '*** Starting uWSGI ***'}), `${formatClock(time)} *** Starting uWSGI ***\n`);
});
