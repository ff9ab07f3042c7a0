import assert from 'node:assert/strict';
import {readdirSync, readlinkSync, rmSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {test} from 'node:test';
import {makeVassalsDir, startE2eEmperor} from '../helpers/e2e-emperor.js';
import {httpGet} from '../helpers/http.js';
import {pidOf} from '../helpers/log-fields.js';
import {getFreePort} from '../helpers/ports.js';
import {startNginx} from '../helpers/nginx.js';
import {listChildPids} from '../helpers/processes.js';
import {runCli} from '../helpers/run-cli.js';
import {makeTempDir} from '../helpers/temp-dir.js';
import {copyExamples, dropVassalFile, makeOnDemandVassalIni, readWorkerPid} from '../helpers/uwsgi-vassal.js';

const root = makeTempDir('emperor-e2e-socket-activation-');
const SHIM = fileURLToPath(new URL('../fixtures/bin/socket-activate.py', import.meta.url));

// a uWSGI vassal with no socket of its own: it serves HTTP on what it gets as fd 0
const servingIni = (extra: string[] = []) =>
	makeOnDemandVassalIni({idle: 3600, protocol: 'http', extra}).replace('idle = 3600\ndie-on-idle = true\n', '');

// the sockets (socket:[inode]) a process has open
const socketsOf = (pid: number): Set<string> => {
	const sockets = new Set<string>();
	for (const fd of readdirSync(`/proc/${pid}/fd`)) {
		try {
			const link = readlinkSync(`/proc/${pid}/fd/${fd}`);
			if (link.startsWith('socket:')) sockets.add(link);
		} catch {}
	}
	return sockets;
};

const socketAt = (pid: number, fd: number): string => readlinkSync(`/proc/${pid}/fd/${fd}`);

test('sockets passed the systemd way (LISTEN_FDS, LISTEN_FDNAMES) are adopted by the vassals of their names and never closed', {timeout: 120_000}, async () => {
	const vassalsDir = makeVassalsDir(root, 'passed');
	copyExamples(vassalsDir, 'api');
	const appSocket = join(root, 'app.socket');
	const laterSocket = join(root, 'later.socket');
	const control = join(root, 'emperor.control');
	const port = await getFreePort();
	dropVassalFile(vassalsDir, 'app.ini', servingIni());
	// its own [emperor] socket names another path: systemd's socket (named tcp.ini) wins, with a warning naming the line
	dropVassalFile(vassalsDir, 'tcp.ini', servingIni(['[emperor]', `socket = ${join(root, 'elsewhere.sock')}`]));
	const emperor = await startE2eEmperor(vassalsDir, ['--control', control], {
		launcher: [SHIM, `app=${appSocket}`, `tcp.ini=127.0.0.1:${port}`, `later=${laterSocket}`, `emperor.control=${control}`, '--'],
	});

	const passed = await emperor.waitForLog({event: 'emperor-socket-passed', name: 'app'});
	assert.equal(passed.address, appSocket);
	assert.equal(passed.fd, 3);
	// both run at once (no on-demand = true), with no connection yet
	const app = pidOf(await emperor.waitForLog({event: 'vassal-spawned', vassal: 'app.ini'}));
	const tcp = pidOf(await emperor.waitForLog({event: 'vassal-spawned', vassal: 'tcp.ini'}));
	await emperor.waitForLog(line => line.event === 'vassal-accepting' && line.pid === app);
	await emperor.waitForLog(line => line.event === 'vassal-accepting' && line.pid === tcp);
	assert.equal(emperor.countLogs({event: 'vassal-on-demand'}), 0, 'a vassal slept on its passed socket');
	const warning = await emperor.waitForLog({event: 'vassal-config-warning', vassal: 'tcp.ini'});
	assert.match(String((warning.issue as {message?: string}).message), /\[emperor\] socket = .*elsewhere\.sock is not used: systemd passed the socket tcp\.ini on 127\.0\.0\.1:\d+/);
	const unclaimed = await emperor.waitForLog({event: 'emperor-socket-unclaimed'});
	assert.equal(unclaimed.name, 'later');
	assert.equal(emperor.countLogs({event: 'emperor-socket-unclaimed'}), 1, 'the control socket is the emperor\'s own, not unclaimed');

	// the control socket systemd bound serves emperor status, and stays in place
	const controlInode = statSync(control).ino;
	const status = await runCli(['status', '--control', control]);
	assert.equal(status.code, 0, status.stderr);
	assert.match(status.stdout, /app\.ini/);
	assert.equal(statSync(control).ino, controlInode);

	const inode = statSync(appSocket).ino;
	const answer = await httpGet({socketPath: appSocket}, '/');
	assert.equal(answer.status, 200, answer.body);
	assert.ok(listChildPids(app).includes(readWorkerPid(answer.body) ?? -1), `answered by ${answer.body}, not by a worker of ${app}`);
	assert.equal((await httpGet({port}, '/')).status, 200);

	// each vassal has its own socket as fd 0, and none of the other passed ones (they are close-on-exec)
	const [appFd, tcpFd, laterFd] = [3, 4, 5].map(fd => socketAt(emperor.pid, fd));
	assert.equal(socketAt(app, 0), appFd);
	assert.equal(socketAt(tcp, 0), tcpFd);
	for (const pid of [app, tcp, ...listChildPids(app)]) {
		const held = socketsOf(pid);
		assert.ok(!held.has(laterFd!), `vassal process ${pid} holds the unclaimed passed socket`);
	}
	assert.ok(!socketsOf(app).has(tcpFd!) && !socketsOf(tcp).has(appFd!), 'a vassal holds another vassal\'s passed socket');

	// the file goes: the vassal stops, the socket stays open and in place; a request sent meanwhile waits
	rmSync(join(vassalsDir, 'app.ini'));
	await emperor.waitForLog({event: 'vassal-removed', vassal: 'app.ini'}, 30_000);
	assert.equal(statSync(appSocket).ino, inode, 'the passed socket file was removed or replaced');
	assert.equal(socketAt(emperor.pid, 3), appFd, 'the emperor closed the passed socket');
	const waiting = httpGet({socketPath: appSocket}, '/', 30_000);
	dropVassalFile(vassalsDir, 'app.ini', servingIni());
	const again = pidOf(await emperor.waitForLog(line => line.event === 'vassal-spawned' && line.vassal === 'app.ini' && line.pid !== app));
	const waited = await waiting;
	assert.equal(waited.status, 200, waited.body);
	assert.ok(listChildPids(again).includes(readWorkerPid(waited.body) ?? -1), 'the request sent while the file was gone was not answered by the vassal that came back');

	// a vassal named after the unclaimed socket adopts it when it appears
	dropVassalFile(vassalsDir, 'later.ini', servingIni());
	const later = pidOf(await emperor.waitForLog({event: 'vassal-spawned', vassal: 'later.ini'}));
	await emperor.waitForLog(line => line.event === 'vassal-accepting' && line.pid === later);
	assert.equal((await httpGet({socketPath: laterSocket}, '/')).status, 200);
	assert.equal(socketAt(later, 0), laterFd);

	// a stopped emperor leaves systemd's socket files as they are: systemd owns them and passes them again
	await emperor.stop('SIGTERM');
	assert.equal(statSync(appSocket).ino, inode);
	assert.equal(statSync(control).ino, controlInode);
});

test('nginx reaches a vassal through the unix socket systemd passed (uwsgi_pass, the uwsgi protocol), as docs/systemd.md sets it up', {timeout: 90_000}, async () => {
	const vassalsDir = makeVassalsDir(root, 'nginx');
	copyExamples(vassalsDir, 'api');
	const socket = join(root, 'site.socket');
	// the uwsgi protocol on fd 0, as behind Debian's nginx with include uwsgi_params
	dropVassalFile(vassalsDir, 'site.ini', makeOnDemandVassalIni({idle: 3600}).replace('idle = 3600\ndie-on-idle = true\n', ''));
	const emperor = await startE2eEmperor(vassalsDir, [], {launcher: [SHIM, `site=${socket}`, '--']});
	const master = pidOf(await emperor.waitForLog({event: 'vassal-spawned', vassal: 'site.ini'}));
	await emperor.waitForLog(line => line.event === 'vassal-accepting' && line.pid === master);
	const nginx = await startNginx(join(root, 'nginx'), `unix:${socket}`);
	try {
		const answer = await httpGet({port: nginx.port}, '/');
		assert.equal(answer.status, 200, answer.body);
		assert.ok(listChildPids(master).includes(readWorkerPid(answer.body) ?? -1), `answered by ${answer.body}`);
	} finally {
		await nginx.stop();
	}
});
