import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {test} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import {readStatsDocument} from '../../src/commands/read-stats.js';
import {startFakeEmperor} from '../helpers/fake-emperor.js';
import {FAKE_VASSAL_PATH, writeFakeVassal} from '../helpers/fake-vassal.js';
import {getFreePort} from '../helpers/ports.js';
import {makeTempDir} from '../helpers/temp-dir.js';

type Document = Record<string, unknown> & {vassals: Record<string, unknown>[]; blacklist: Record<string, unknown>[]};

const VASSALS = {'loyal.ini': {send: [1, 5, 17]}, 'crash.ini': {send: [1], exitAfterMs: 50, exitCode: 3}};

// polls a stats port until the document satisfies the condition: uWSGI's Emperor has no log line to wait on
const waitForDocument = async (address: string, isComplete: (document: Document) => boolean, timeoutMs = 20_000): Promise<Document> => {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const document = await readStatsDocument(address).catch(() => undefined) as Document | undefined;
		if (document !== undefined && isComplete(document)) return document;
		if (Date.now() > deadline) throw new Error(`stats on ${address} never complete: ${JSON.stringify(document)}`);
		await delay(100);
	}
};

const shapeOf = (value: Record<string, unknown>) => Object.fromEntries(Object.entries(value).map(([key, item]) => [key, Array.isArray(item) ? 'array' : item === null ? 'null' : typeof item]));

const assertCovers = (ours: Record<string, unknown>, theirs: Record<string, unknown>, where: string) => {
	const ourShape = shapeOf(ours);
	for (const [key, type] of Object.entries(shapeOf(theirs))) assert.equal(ourShape[key], type, `${where}.${key}: uWSGI has a ${type}, emperor has ${ourShape[key] ?? 'nothing'}`);
};

test('the stats document has every key of the real uWSGI Emperor\'s, for the same vassals', {timeout: 60_000}, async t => {
	const uwsgiDir = makeTempDir('emperor-uwsgi-stats-');
	for (const [name, behaviour] of Object.entries(VASSALS)) writeFakeVassal(uwsgiDir, name, behaviour);
	const port = await getFreePort();
	const uwsgi = spawn('uwsgi', ['--emperor', uwsgiDir, '--emperor-stats-server', `127.0.0.1:${port}`, '--emperor-wrapper', FAKE_VASSAL_PATH], {stdio: 'ignore'});
	t.after(async () => {
		if (uwsgi.exitCode === null) {
			uwsgi.kill('SIGINT');
			await once(uwsgi, 'exit');
		}
	});
	const theirs = await waitForDocument(`127.0.0.1:${port}`, document =>
		document.vassals.some(vassal => vassal.id === 'loyal.ini' && vassal.loyal === 1) && document.blacklist.length > 0);

	const emperor = startFakeEmperor(t, {vassals: VASSALS, flags: {'--emperor-stats': '127.0.0.1:0'}});
	const endpoint = await emperor.waitForLog({event: 'emperor-endpoint', endpoint: 'stats'});
	const ours = await waitForDocument(String(endpoint.address), document =>
		document.vassals.some(vassal => vassal.id === 'loyal.ini' && vassal.loyal === 1) && document.blacklist.length > 0);

	assertCovers(ours, theirs, 'stats');
	const loyal = (document: Document) => document.vassals.find(vassal => vassal.id === 'loyal.ini')!;
	assertCovers(loyal(ours), loyal(theirs), 'vassals[loyal.ini]');
	assertCovers(ours.blacklist[0]!, theirs.blacklist[0]!, 'blacklist[0]');
	for (const key of ['loyal', 'ready', 'accepting', 'zerg', 'on_demand', 'respawns']) assert.equal(loyal(ours)[key], loyal(theirs)[key], `vassals[loyal.ini].${key}`);
	assert.equal(ours.emperor_tyrant, theirs.emperor_tyrant);
	assert.equal(ours.blacklist[0]!.id, 'crash.ini');
});
