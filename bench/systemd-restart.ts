// What does `systemctl restart` cost the requests, ours beside `uwsgi --emperor`? A real systemd 252 booted in a
// container; the same real uWSGI app (2 s import) answers three request loops (a GET every 20 ms each) on a unix
// socket. Ours: the shipped emperor.uwsgi.service with emperor-vassal@app.socket, systemd holds the socket across the
// restart. uWSGI's: `uwsgi --emperor` as a plain service whose vassal binds its own socket, as uWSGI users run it.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {bootContainer, findContainerObstacle, type Container} from '../test/helpers/systemd-container/boot-container.js';
import {CHECKOUT, installEmperor, writeInside} from '../test/helpers/systemd-container/install-emperor.js';
import {startRequestLoopInside, type UrlStats} from '../test/helpers/systemd-container/request-loop-inside.js';
import {EXAMPLES_DIR} from '../test/helpers/uwsgi-vassal.js';
import {formatFigure, renderMarkdownTable} from './lib/summary.js';

const obstacle = findContainerObstacle();
if (obstacle !== undefined) {
	console.log(`\n_systemd restart: not measured here (${obstacle})_`);
	process.exit(0);
}

const mustRun = async (container: Container, command: string[], timeoutMs?: number) => {
	const result = await container.run(command, timeoutMs);
	if (result.exitCode !== 0) throw new Error(`${command.join(' ')}: ${result.stdout}${result.stderr}`);
	return result.stdout;
};

const APP = `import time\ntime.sleep(2)\n${readFileSync(join(EXAMPLES_DIR, 'api/app.py'), 'utf8')}`;
const vassalIni = (socketLine: string) => ['[uwsgi]', 'plugins = python3', 'chdir = %dapp', 'module = app:application', 'master = true', 'processes = 1', socketLine, ''].join('\n');

// three loops on one socket through one restart of the unit; the loops' figures together
const measureRestart = async (container: Container, unit: string, url: string) => {
	const urls = [url, `${url}#2`, `${url}#3`];
	const loop = await startRequestLoopInside(container.leader, urls);
	const before = urls.map(each => loop.pids(each));
	const startedAt = Date.now();
	await mustRun(container, ['systemctl', 'restart', unit], 120_000);
	for (const [index, each] of urls.entries()) await loop.waitForNewPid(each, before[index]!);
	const backMs = Date.now() - startedAt;
	const stats: UrlStats[] = Object.values(await loop.finish());
	const sum = (key: 'requests' | 'failures' | 'refused') => stats.reduce((total, figures) => total + figures[key], 0);
	return {requests: sum('requests'), failures: sum('failures'), refused: sum('refused'), worstMs: Math.max(...stats.map(figures => figures.worstMs)), backMs};
};

const container = await bootContainer({name: 'emperor-bench-restart', bindReadOnly: [CHECKOUT]});
try {
	await installEmperor(container);
	await mustRun(container, ['rm', '/etc/uwsgi/vassals/api.ini', '/etc/uwsgi/vassals/slow.ini']);
	writeInside(container, '/etc/systemd/system/emperor-vassal@.socket', readFileSync(join(CHECKOUT, 'systemd', 'emperor-vassal@.socket'), 'utf8'));
	writeInside(container, '/etc/uwsgi/vassals/app/app.py', APP);
	writeInside(container, '/etc/uwsgi/vassals/app.ini', vassalIni('protocol = http'));
	// uWSGI's Emperor as a service: its own vassals directory, its vassal binding its own unix socket
	writeInside(container, '/etc/uwsgi/uwsgi-vassals/app/app.py', APP);
	writeInside(container, '/etc/uwsgi/uwsgi-vassals/app.ini', vassalIni('http-socket = /run/uwsgi-app.sock'));
	writeInside(container, '/etc/systemd/system/plain-uwsgi-emperor.service', [
		'[Service]', 'ExecStart=/usr/bin/uwsgi --emperor /etc/uwsgi/uwsgi-vassals', 'KillSignal=SIGINT', 'KillMode=mixed', '',
	].join('\n'));
	await mustRun(container, ['systemctl', 'daemon-reload']);

	await mustRun(container, ['systemctl', 'start', 'plain-uwsgi-emperor.service']);
	const theirs = await measureRestart(container, 'plain-uwsgi-emperor.service', 'unix:/run/uwsgi-app.sock');
	await mustRun(container, ['systemctl', 'stop', 'plain-uwsgi-emperor.service']);
	process.stderr.write(`uwsgi --emperor: ${JSON.stringify(theirs)}\n`);

	await mustRun(container, ['systemctl', 'start', 'emperor-vassal@app.socket', 'emperor.uwsgi.service']);
	const ours = await measureRestart(container, 'emperor.uwsgi.service', 'unix:/run/uwsgi/app.socket');
	process.stderr.write(`emperor: ${JSON.stringify(ours)}\n`);

	const row = (name: string, read: (result: typeof ours) => number) => [name, formatFigure(read(theirs)), formatFigure(read(ours))];
	console.log(`\n**systemctl restart under a real systemd 252, a uWSGI app with a 2 s import, three request loops (a GET every 20 ms each) on a unix socket**\n\n${renderMarkdownTable([
		['', 'uwsgi --emperor (vassal binds its socket)', 'emperor (socket held by systemd: emperor-vassal@.socket)'],
		row('requests sent', result => result.requests),
		row('requests refused (no socket, or no one listening)', result => result.refused),
		row('requests failed (refused included)', result => result.failures),
		row('worst latency of an answered request, ms', result => result.worstMs),
		row('restart → every loop answered by the new vassal, ms', result => result.backMs),
	])}`);
} finally {
	await container.stop();
}
