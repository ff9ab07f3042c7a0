import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {join} from 'node:path';
import {createInterface} from 'node:readline';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {makeVassalsDir, startE2eEmperor} from '../helpers/e2e-emperor.js';
import {CLI_PATH} from '../helpers/emperor-process.js';
import {waitForHttp} from '../helpers/http.js';
import {getFreePort} from '../helpers/ports.js';
import {runCli} from '../helpers/run-cli.js';
import {makeTempDir} from '../helpers/temp-dir.js';
import {copyExamples, dropVassalFile, makeApiVassalIni} from '../helpers/uwsgi-vassal.js';
import {MAX_LINE_BYTES} from '../../src/output/line-splitter.js';

const root = makeTempDir('emperor-e2e-output-');
const LAST_WORDS_PATH = fileURLToPath(new URL('../fixtures/bin/last-words.sh', import.meta.url));

// a real uWSGI vassal that prints MARKER on stdout while it reads its config
const makePrintingVassal = async (vassalsDir: string, marker: string) => {
	copyExamples(vassalsDir, 'api');
	const port = await getFreePort();
	dropVassalFile(vassalsDir, 'app.ini', `${makeApiVassalIni({httpSocket: `127.0.0.1:${port}`})}print = ${marker}\n`);
	return port;
};

test("a uWSGI vassal's lines reach the JSON log as its own; emperor logs shows them, and -f each new one", {timeout: 90_000}, async t => {
	const vassalsDir = makeVassalsDir(root, 'json');
	const control = join(vassalsDir, '..', `${vassalsDir.split('/').at(-1)}.control`);
	const emperor = await startE2eEmperor(vassalsDir, ['--control', control]);
	const port = await makePrintingVassal(vassalsDir, 'hello-from-app.ini');

	const printed = await emperor.waitForLog({event: 'vassal-output', msg: 'hello-from-app.ini'}, 30_000);
	assert.equal(printed.vassal, 'app.ini');
	assert.equal(printed.stream, 'stdout');
	// uWSGI's own chatter is on stderr, attributed the same way
	const banner = await emperor.waitForLog(line => line.event === 'vassal-output' && /Starting uWSGI/.test(String(line.msg)), 30_000);
	assert.equal(banner.vassal, 'app.ini');
	assert.equal(banner.stream, 'stderr');
	await waitForHttp({port}, {timeoutMs: 30_000});

	const recent = await runCli(['logs', 'app.ini', '--control', control, '-n', '200']);
	assert.equal(recent.code, 0, recent.stderr);
	assert.match(recent.stdout, /^\d\d:\d\d:\d\d\.\d{3} hello-from-app\.ini$/m);
	assert.match(recent.stdout, /Starting uWSGI/);
	const two = await runCli(['logs', 'app.ini', '--control', control, '-n2']);
	assert.equal(two.stdout.trimEnd().split('\n').length, 2, two.stdout);

	// -f: the last line, then a request's log line as uWSGI writes it
	const follower = spawn(process.execPath, [CLI_PATH, 'logs', 'app.ini', '-f', '-n', '1', '--control', control], {stdio: ['ignore', 'pipe', 'pipe']});
	t.after(() => follower.kill('SIGKILL'));
	const followed: string[] = [];
	const waitForFollowed = (pattern: RegExp) => new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`emperor logs -f printed no line matching ${pattern}: ${followed.join('\n')}`)), 20_000);
		const check = () => {
			if (!followed.some(line => pattern.test(line))) return;
			clearTimeout(timer);
			resolve();
		};
		createInterface({input: follower.stdout}).on('line', line => {
			followed.push(line);
			check();
		});
		check();
	});
	await waitForFollowed(/^\d\d:\d\d:\d\d\.\d{3} /);
	assert.equal(followed.length, 1);
	const seen = waitForFollowed(/GET \/followed-request/);
	await waitForHttp({port}, {path: '/followed-request', timeoutMs: 10_000});
	await seen;
	await emperor.waitForLog(line => line.event === 'vassal-output' && /GET \/followed-request/.test(String(line.msg)));
});

test('the lines a vassal wrote just before it crashed are logged before its exit; a long line comes in pieces, none lost', {timeout: 60_000}, async () => {
	const vassalsDir = makeVassalsDir(root, 'crash');
	const long = MAX_LINE_BYTES * 3 + 100;
	const emperor = await startE2eEmperor(vassalsDir, ['--binary-path', LAST_WORDS_PATH], {env: {LAST_WORDS_LONG: String(long)}});
	dropVassalFile(vassalsDir, 'dying.ini', '[uwsgi]\nmaster = true\n');
	const exited = await emperor.waitForLog({event: 'vassal-exited', vassal: 'dying.ini'}, 20_000);
	const exitIndex = emperor.logs.indexOf(exited);
	const before = emperor.logs.slice(0, exitIndex).filter(line => line.event === 'vassal-output' && line.vassal === 'dying.ini');
	assert.deepEqual(before.filter(line => line.stream === 'stderr').map(line => line.msg), ['last words of dying.ini']);
	const stdout = before.filter(line => line.stream === 'stdout').map(line => String(line.msg));
	assert.equal(stdout[0], 'starting dying.ini');
	assert.deepEqual(stdout.slice(1).map(line => line.length), [...Array.from({length: 3}, () => MAX_LINE_BYTES), 100]);
	assert.ok(stdout.slice(1).every(line => /^x+$/.test(line)));
});
