import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {readNodeFlags} from '../../src/emperor/node-flags.js';
import {makeTempDir} from '../helpers/temp-dir.js';

const cliWith = (firstLine: string): string => {
	const path = join(makeTempDir('emperor-node-flags-'), 'cli.js');
	writeFileSync(path, `${firstLine}\nconsole.log(1);\n`);
	return path;
};

test('the flags after `env -S node` on the first line are the V8 flags; a plain node line has none', () => {
	assert.deepEqual(readNodeFlags(cliWith('#!/usr/bin/env -S node --max-semi-space-size=1 --stack-size=984')), ['--max-semi-space-size=1', '--stack-size=984']);
	assert.deepEqual(readNodeFlags(cliWith('#!/usr/bin/env node')), []);
	assert.deepEqual(readNodeFlags(cliWith('// no shebang')), []);
});

test("the emperor's own CLI names its young-generation size there (what its code cache is built with)", () => {
	assert.ok(readNodeFlags(join(import.meta.dirname, '../../src/cli.ts')).some(flag => flag.startsWith('--max-semi-space-size=')));
});
