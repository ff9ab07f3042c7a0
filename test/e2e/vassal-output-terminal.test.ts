import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {mkdirSync, readFileSync, realpathSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {CLI_PATH} from '../helpers/emperor-process.js';
import {getFreePort} from '../helpers/ports.js';
import {findProcessesUnder} from '../helpers/processes.js';
import {makeTempDir} from '../helpers/temp-dir.js';
import {copyExamples, dropVassalFile, makeApiVassalIni} from '../helpers/uwsgi-vassal.js';
import {chooseVassalColour} from '../../src/output/vassal-colour.js';


// the emperor under a pseudo-terminal (util-linux script), as a user in a terminal runs it; cwd is the run
// directory, so that the emperor and its vassals are all found there at the end
const startOnTerminal = (runDir: string, vassalsDir: string) => {
	const command = `exec ${process.execPath} ${CLI_PATH} --vassals ${vassalsDir} --control ${join(runDir, 'control')}`;
	const child = spawn('script', ['-qfc', command, '/dev/null'], {cwd: runDir, stdio: ['pipe', 'pipe', 'pipe']});
	let seen = '';
	const waiters = new Set<() => void>();
	child.stdout.on('data', chunk => {
		seen += String(chunk);
		for (const waiter of waiters) waiter();
	});
	const waitFor = (pattern: RegExp, timeoutMs = 30_000) => new Promise<RegExpMatchArray>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`the terminal showed no ${pattern} within ${timeoutMs} ms:\n${JSON.stringify(seen.slice(-3000))}`)), timeoutMs);
		const check = () => {
			const match = seen.match(pattern);
			if (match === null) return;
			clearTimeout(timer);
			waiters.delete(check);
			resolve(match);
		};
		waiters.add(check);
		check();
	});
	const stop = async () => {
		const emperors = findProcessesUnder(runDir).filter(pid => {
			try {
				return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(CLI_PATH);
			} catch {
				return false;
			}
		});
		for (const pid of emperors) process.kill(pid, 'SIGTERM');
		const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
		if (child.exitCode === null) await once(child, 'close');
		clearTimeout(timer);
		for (const pid of findProcessesUnder(runDir)) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {}
		}
	};
	return {waitFor, stop};
};

test("on a terminal each vassal line carries the vassal's name in its colour, and the emperor's own lines stand out", {timeout: 60_000}, async t => {
	const runDir = realpathSync(makeTempDir('emperor-e2e-terminal-run-'));
	const vassalsDir = join(runDir, 'vassals');
	mkdirSync(vassalsDir);
	copyExamples(vassalsDir, 'api');
	const port = await getFreePort();
	dropVassalFile(vassalsDir, 'app.ini', `${makeApiVassalIni({httpSocket: `127.0.0.1:${port}`})}print = printed-on-a-terminal\n`);
	const terminal = startOnTerminal(runDir, vassalsDir);
	t.after(terminal.stop);

	const colour = chooseVassalColour('app.ini');
	// time (dim), the name in its colour padded to one column, a bar, the line
	await terminal.waitFor(new RegExp(String.raw`\u001b\[2m\[\d\d:\d\d:\d\d\.\d{3}\]\u001b\[22m \u001b\[${colour}mapp\.ini +\|\u001b\[39m printed-on-a-terminal\r?\n`));
	await terminal.waitFor(new RegExp(String.raw`\u001b\[${colour}mapp\.ini +\|\u001b\[39m \*\*\* Starting uWSGI`));
	// the emperor's lines: its name in bold before the message
	await terminal.waitFor(/\u001b\[1memperor\u001b\[22m vassal app\.ini has been spawned/);
});
