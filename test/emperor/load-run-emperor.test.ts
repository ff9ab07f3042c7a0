import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {cpSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {after, test} from 'node:test';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {readNodeFlags} from '../../src/emperor/node-flags.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = join(root, 'dist/emperor');
// copies of the build sit inside the project, so that they find its node_modules as dist/ does
const copies = mkdtempSync(join(root, '.load-run-test-'));
after(() => rmSync(copies, {recursive: true, force: true}));
let copied = 0;
const copyBuild = (): string => {
	const copy = join(copies, String(copied++), 'dist');
	cpSync(join(root, 'dist'), copy, {recursive: true});
	return join(copy, 'emperor');
};

// the V8 flags dist/cli.js runs with: the code cache is made with them
const NODE_FLAGS = readNodeFlags(join(root, 'dist/cli.js'));

// loads the run module as dist/cli.js does, in a Node of its own with its flags, and prints how it came
const describeLoad = (directory: string): {from: string; isCacheUsed: boolean; runs: string} => {
	const loader = pathToFileURL(join(directory, 'load-run-emperor.js')).href;
	const script = `import {loadRunEmperor} from ${JSON.stringify(loader)}; const load = await loadRunEmperor(); console.log(JSON.stringify({from: load.from, isCacheUsed: load.isCacheUsed, runs: typeof load.module.runEmperor}));`;
	const result = spawnSync(process.execPath, [...NODE_FLAGS, '--input-type=module', '-e', script], {encoding: 'utf8'});
	assert.equal(result.status, 0, result.stderr);
	return JSON.parse(result.stdout) as {from: string; isCacheUsed: boolean; runs: string};
};

test('the built emperor runs its bundle with the code cache the build wrote', () => {
	assert.deepEqual(describeLoad(dist), {from: 'bundle', isCacheUsed: true, runs: 'function'});
});

test('a code cache V8 refuses (another Node, or damaged) costs only the compile: the bundle runs without it', () => {
	const copy = copyBuild();
	writeFileSync(join(copy, 'run-emperor.cjs.cache'), Buffer.alloc(4096, 7));
	assert.deepEqual(describeLoad(copy), {from: 'bundle', isCacheUsed: false, runs: 'function'});
});

test('without the bundle (a build without esbuild) the emperor runs tsc\'s modules', () => {
	const copy = copyBuild();
	rmSync(join(copy, 'run-emperor.cjs'));
	assert.equal(describeLoad(copy).from, 'modules');
});
