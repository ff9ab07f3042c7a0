import assert from 'node:assert/strict';
import {spawn, type ChildProcess, type StdioOptions} from 'node:child_process';
import {once} from 'node:events';
import {test} from 'node:test';
import {makeHeldPipes} from '../../src/output/held-pipes.js';
import {loadOnDemandNative} from '../../src/on-demand/native-socket.js';

const skip = loadOnDemandNative()?.ok === true ? false : 'the native addon was not built (no C compiler)';

// the child waits for a line on stdin, writes to stdout and stderr (SIGPIPE at its default: an EPIPE kills it), then says ok on fd 5
const SCRIPT = 'read line; echo out; echo err >&2; echo ok >&5';

// runs SCRIPT once the emperor's read ends are closed, as a SIGKILLed emperor's are; resolves with its exit and report
const writeAfterReaderGone = async (stdio: StdioOptions, readers: (child: ChildProcess) => ReadonlyArray<{destroy: () => void} | null>) => {
	const child = spawn('sh', ['-c', SCRIPT], {stdio});
	const report: Buffer[] = [];
	(child.stdio as ReadonlyArray<NodeJS.ReadableStream | null>)[5]?.on('data', (chunk: Buffer) => report.push(chunk));
	for (const reader of readers(child)) reader?.destroy();
	child.stdin!.end('go\n');
	const [code, signal] = await once(child, 'close');
	return {code, signal, report: Buffer.concat(report).toString()};
};

test("a vassal's output pipes are the emperor's, the read ends held by the vassal too: its writes survive the emperor's end", {skip}, async () => {
	const held = makeHeldPipes(['pipe', 'pipe']);
	assert.ok(held !== undefined);
	assert.equal(held.readEnds.length, 2);
	assert.ok(held.stdio.every(entry => typeof entry === 'number'));
	const result = await writeAfterReaderGone(['pipe', ...held.stdio, ...held.readEnds, 'pipe'], () => held.adopt());
	assert.deepEqual(result, {code: 0, signal: null, report: 'ok\n'});
});

test('with pipes the spawn made, the same writes die of SIGPIPE (what the held read ends prevent)', async () => {
	const result = await writeAfterReaderGone(['pipe', 'pipe', 'pipe', 'ignore', 'ignore', 'pipe'], child => [child.stdout, child.stderr]);
	assert.deepEqual(result, {code: null, signal: 'SIGPIPE', report: ''});
});

test('an entry that is not a pipe is passed as it is, and nothing is made when none is asked for', {skip}, () => {
	assert.equal(makeHeldPipes([7, 8]), undefined);
	const held = makeHeldPipes([7, 'pipe']);
	assert.ok(held !== undefined);
	assert.equal(held.stdio[0], 7);
	assert.equal(held.readEnds.length, 1);
	const [stdout, stderr] = held.adopt();
	assert.equal(stdout, null);
	assert.ok(stderr !== null);
	stderr.destroy();
});
