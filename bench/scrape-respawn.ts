// Does scraping /metrics and the stats socket 100 times a second delay vassal respawns?
// Runs the real emperor with a fake vassal that exits after 100 ms (respawned at once: --emperor-stable-uptime 0, and a
// restart intensity high enough that the bounces never back off)
// and measures exit → respawn from the emperor's own log timestamps, without and then with the scrape load.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {request} from 'node:http';
import {connect} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {startEmperorProcess, type LogLine} from '../test/helpers/emperor-process.js';
import {FAKE_VASSAL_PATH, renderFakeVassal} from '../test/helpers/fake-vassal.js';
import {summarize, printTable} from './lib/summary.js';

const RESPAWNS = Number(process.env.RESPAWNS ?? 60);
const SCRAPES_PER_SECOND = 100;

const timeOf = (line: LogLine) => Date.parse(String(line.time));

const scrapeMetrics = (address: string) => new Promise<void>(resolve => {
	const [host, port] = address.split(':');
	request({host, port: Number(port), path: '/metrics'}, response => {
		response.resume();
		response.on('end', resolve);
	}).on('error', () => resolve()).end();
});

const readStats = (address: string) => new Promise<void>(resolve => {
	const [host, port] = address.split(':');
	const socket = connect(Number(port), host);
	socket.on('data', () => {});
	socket.on('close', () => resolve());
	socket.on('error', () => resolve());
});

const measure = async (withScrapes: boolean): Promise<number[]> => {
	const directory = mkdtempSync(join(tmpdir(), 'emperor-bench-'));
	writeFileSync(join(directory, 'bounce.ini'), renderFakeVassal({send: [1, 5], exitAfterMs: 100, exitCode: 1}));
	const emperor = startEmperorProcess(['--vassals', directory, '--binary-path', FAKE_VASSAL_PATH, '--emperor-stable-uptime', '0', '--emperor-restart-intensity', '1000000',
		'--metrics', '127.0.0.1:0', '--emperor-stats', '127.0.0.1:0']);
	const metrics = String((await emperor.waitForLog({event: 'emperor-endpoint', endpoint: 'metrics'})).address);
	const stats = String((await emperor.waitForLog({event: 'emperor-endpoint', endpoint: 'stats'})).address);
	let scraping = withScrapes;
	const load = (async () => {
		let next = Date.now();
		while (scraping) {
			void (next % 2 === 0 ? scrapeMetrics(metrics) : readStats(stats));
			next += 1000 / SCRAPES_PER_SECOND;
			await new Promise(resolve => setTimeout(resolve, Math.max(0, next - Date.now())));
		}
	})();
	await emperor.waitForLog(() => emperor.countLogs({event: 'vassal-spawned'}) > RESPAWNS, 120_000);
	scraping = false;
	await load;
	await emperor.stop('SIGTERM');
	rmSync(directory, {recursive: true, force: true});
	const exits = emperor.logs.filter(line => line.event === 'vassal-exited');
	const spawns = emperor.logs.filter(line => line.event === 'vassal-spawned');
	return exits.slice(0, RESPAWNS).map((exit, index) => timeOf(spawns[index + 1]!) - timeOf(exit));
};

const quiet = summarize(await measure(false));
const loaded = summarize(await measure(true));
printTable(`exit → respawn (ms), ${RESPAWNS} respawns each`, ['no scrapes', `${SCRAPES_PER_SECOND} scrapes/s`], [quiet, loaded]);
