import assert from 'node:assert/strict';
import {test} from 'node:test';
import {chooseVassalColour, VASSAL_COLOURS} from '../../src/output/vassal-colour.js';
import {formatEmperorMessage, formatPrettyLine} from '../../src/output/pretty-line.js';

test('a name has one colour, the same every time, never red; names spread over the palette', () => {
	assert.equal(chooseVassalColour('app.ini'), chooseVassalColour('app.ini'));
	const colours = new Set(Array.from({length: 50}, (_, index) => chooseVassalColour(`vassal-${index}.ini`)));
	assert.ok(colours.size >= VASSAL_COLOURS.length - 2, `only ${colours.size} colours`);
	for (const colour of colours) assert.ok(colour !== 31 && colour !== 91);
});

test('a vassal line on a terminal: time, the name in its colour, a bar, the line cleaned of escapes', () => {
	const time = new Date(2026, 0, 2, 3, 4, 5, 6).getTime();
	assert.equal(formatPrettyLine('app.ini', 'stderr', 'hello', time, false), '[03:04:05.006] app.ini      | hello\n');
	const coloured = formatPrettyLine('app.ini', 'stdout', 'a \u001b[31mred\u001b[0m word\u0007', time, true);
	assert.ok(coloured.includes(`\u001b[${chooseVassalColour('app.ini')}mapp.ini`));
	assert.ok(coloured.endsWith(' a red word\n'), JSON.stringify(coloured));
});

test("the emperor's own messages carry its name in bold", () => {
	assert.equal(formatEmperorMessage('vassal app.ini is up', false), 'emperor vassal app.ini is up');
	assert.equal(formatEmperorMessage('x', true), '\u001b[1memperor\u001b[22m x');
});
