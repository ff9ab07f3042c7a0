import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {test} from 'node:test';
import {attachVassalOutput, planVassalOutput, resetJournalMode} from '../../src/output/vassal-output.js';
import {readVassalLines, setVassalLineSink} from '../../src/output/vassal-lines.js';

test("outside systemd a vassal's stdout and stderr are pipes whose lines are logged under its name, all of them before the exit is reported", async () => {
	resetJournalMode(false);
	const logged: string[] = [];
	setVassalLineSink((name, stream, text) => logged.push(`${name} ${stream} ${text}`));
	const plan = planVassalOutput('unit.ini');
	assert.deepEqual(plan.isPipe, [true, true]);
	const child = spawn('sh', ['-c', 'echo one; echo two >&2; printf "no newline"; exit 3'], {stdio: ['ignore', ...plan.stdio, ...plan.heldReadEnds]});
	const output = attachVassalOutput('unit.ini', plan, [child.stdout, child.stderr]);
	const reported = await new Promise<string[]>(resolve => child.once('exit', () => output.whenDrained(() => resolve([...logged]))));
	assert.deepEqual(reported.sort(), ['unit.ini stderr two', 'unit.ini stdout no newline', 'unit.ini stdout one']);
	assert.deepEqual(readVassalLines('unit.ini')?.lines.map(line => line.text).sort(), ['no newline', 'one', 'two']);
	resetJournalMode();
});

test('a plan with nothing piped is drained at once', () => {
	let isCalled = false;
	attachVassalOutput('none.ini', {stdio: [5, 6], heldReadEnds: [], isPipe: [false, false], journal: [], piped: false}, [null, null]).whenDrained(() => {
		isCalled = true;
	});
	assert.equal(isCalled, true);
});
