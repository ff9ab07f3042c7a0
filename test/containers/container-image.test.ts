import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {readFileSync, readdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {AFTER_KILL_GRACE_MS} from '../../src/emperor/shutdown.js';
import {findVassalExec, VASSAL_EXEC_PATH} from '../../src/vassal/vassal-exec.js';
import {makeVassalsDir, startE2eEmperor} from '../helpers/e2e-emperor.js';
import {httpGet, waitForHttp} from '../helpers/http.js';
import {startNginx} from '../helpers/nginx.js';
import {getFreePort} from '../helpers/ports.js';
import {makeTempDir} from '../helpers/temp-dir.js';

const CHECKOUT = fileURLToPath(new URL('../..', import.meta.url));
const dockerfile = readFileSync(join(CHECKOUT, 'Dockerfile'), 'utf8');
const compose = readFileSync(join(CHECKOUT, 'compose.yaml'), 'utf8');
const nginxConf = readFileSync(join(CHECKOUT, 'docs/containers/nginx.conf'), 'utf8');
const VASSALS = join(CHECKOUT, 'docs/containers/vassals');

// an exec-form instruction of the Dockerfile (ENTRYPOINT, CMD) as its argv
const readExecForm = (instruction: string): string[] => {
	const line = dockerfile.split('\n').find(entry => entry.startsWith(`${instruction} `));
	assert.ok(line !== undefined, `the Dockerfile has no ${instruction}`);
	return JSON.parse(line.slice(instruction.length + 1)) as string[];
};

const entrypoint = readExecForm('ENTRYPOINT');
const command = readExecForm('CMD');
const UNSHARE = ['unshare', '--pid', '--fork', '--mount-proc'];
const obstacle = process.getuid?.() !== 0 ? 'a new PID namespace needs root'
	: spawnSync(UNSHARE[0]!, [...UNSHARE.slice(1), 'true']).status !== 0 ? 'unshare --pid --fork --mount-proc fails here'
		: findVassalExec() === undefined ? 'native/vassal-exec was not built' : undefined;

test('the image\'s PID 1 is the emperor\'s init, and its --reload-mercy ends a stop before docker\'s SIGKILL at 10 s', () => {
	// the CLI runs as itself, with the V8 flags of its first line
	assert.deepEqual(entrypoint.slice(0, 4), ['/app/native/vassal-exec/build/vassal-exec', '--init', '--', '/app/dist/cli.js']);
	const mercy = Number(entrypoint[entrypoint.indexOf('--reload-mercy') + 1]);
	assert.ok(mercy > 0 && mercy * 1000 < 10_000 - 1000, `--reload-mercy ${mercy} leaves docker's 10 s no margin`);
	assert.ok(AFTER_KILL_GRACE_MS > 0);
	assert.deepEqual(command, ['--vassals', '/etc/uwsgi/vassals']);
	assert.match(dockerfile, /^VOLUME \/etc\/uwsgi\/vassals$/m);
});

test('compose runs nginx in front of the emperor, the vassals a volume, and stops within docker\'s 10 s', () => {
	assert.match(compose, /^ {2}emperor:\n {4}build: \.$/m);
	assert.match(compose, /^ {6}- \.\/docs\/containers\/vassals:\/etc\/uwsgi\/vassals$/m);
	assert.match(compose, /^ {4}stop_grace_period: 10s$/m);
	assert.match(compose, /^ {2}nginx:\n {4}image: nginx:stable$/m);
	assert.match(compose, /- \.\/docs\/containers\/nginx\.conf:\/etc\/nginx\/conf\.d\/default\.conf:ro/);
	// nginx reaches the vassal on the port its file binds
	const port = /uwsgi_pass emperor:(\d+);/.exec(nginxConf)?.[1];
	assert.match(readFileSync(join(VASSALS, 'myapp.ini'), 'utf8'), new RegExp(`^socket = :${port}$`, 'm'));
});

test('the image\'s entrypoint and vassals, run as PID 1 of a new PID namespace behind a real nginx: it serves, and SIGTERM ends it with 0', {skip: obstacle ?? false, timeout: 90_000}, async t => {
	const root = makeTempDir('emperor-container-');
	const vassalsDir = makeVassalsDir(root, 'vassals');
	const port = await getFreePort();
	// the image's paths, on this machine: the app in the checkout, the port a free one (the namespace shares the network)
	for (const name of readdirSync(VASSALS)) {
		writeFileSync(join(vassalsDir, name), readFileSync(join(VASSALS, name), 'utf8')
			.replace('/app/vassals.example/', join(CHECKOUT, 'vassals.example/')).replace(/^socket = :\d+$/m, `socket = 127.0.0.1:${port}`));
	}
	const [init, ...initArgs] = entrypoint.slice(0, 3);
	assert.equal(init, '/app/native/vassal-exec/build/vassal-exec');
	// the entrypoint's flags after `/app/dist/cli.js`; the CMD's --vassals /etc/uwsgi/vassals is the test's directory
	const emperor = await startE2eEmperor(vassalsDir, entrypoint.slice(4), {launcher: [...UNSHARE, VASSAL_EXEC_PATH, ...initArgs]});
	// a failed test must not leave the namespace running: SIGKILL of its PID 1 ends everything in it
	t.after(function killNamespace() {
		try {
			const children = readFileSync(`/proc/${emperor.child.pid}/task/${emperor.child.pid}/children`, 'utf8').trim();
			for (const pid of children.split(' ').filter(Boolean)) process.kill(Number(pid), 'SIGKILL');
		} catch {
			// unshare and its namespace are gone already
		}
	});
	const nginx = await startNginx(join(root, 'nginx'), `127.0.0.1:${port}`);
	t.after(() => nginx.stop());
	// nginx answers 502 until the vassal accepts: ask once it does
	await emperor.waitForLog({event: 'vassal-accepting', vassal: 'myapp.ini'}, 30_000);
	const answer = await waitForHttp({port: nginx.port}, {timeoutMs: 30_000});
	assert.equal(answer.status, 200, answer.body);
	assert.match(answer.body, /Hello There!/);
	assert.equal((await httpGet({port: nginx.port}, '/')).status, 200);

	const pidOne = Number(readFileSync(`/proc/${emperor.child.pid}/task/${emperor.child.pid}/children`, 'utf8').trim().split(' ')[0]);
	const stopping = Date.now();
	process.kill(pidOne, 'SIGTERM');
	assert.deepEqual(await emperor.exited, {code: 0, signal: null});
	t.diagnostic(`SIGTERM to the container's PID 1 → exit 0 after ${Date.now() - stopping} ms`);
	assert.ok(emperor.logs.some(line => line.event === 'emperor-buried'));
});
