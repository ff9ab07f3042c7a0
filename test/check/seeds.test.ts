import assert from 'node:assert/strict';
import {readdirSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {runCheck} from '../../src/check/run-check.js';

// the vassal files of the seeds (real setups) must pass emperor check; see test/fixtures/vassals/seeds/README.md
const SEEDS = fileURLToPath(new URL('../fixtures/vassals/seeds', import.meta.url));
const seedFolders = readdirSync(SEEDS, {withFileTypes: true}).filter(entry => entry.isDirectory()).map(entry => entry.name).sort();

const check = async (...argv: string[]) => {
	let stdout = '';
	const status = await runCheck(argv, {stdout: text => (stdout += text), stderr: text => (stdout += text)});
	return {status, stdout};
};

test('there are seed folders for seeds 000 to 004', () => {
	assert.deepEqual(seedFolders, ['000-digitalocean', '001-archwiki', '002-codingpy', '003-flask', '003-flask-nginx', '004-docker']);
});

for (const folder of seedFolders) {
	test(`seed ${folder} passes emperor check --no-host-checks`, async () => {
		const {status, stdout} = await check('--no-host-checks', join(SEEDS, folder));
		assert.equal(status, 0, stdout);
		assert.doesNotMatch(stdout, /\b[1-9]\d* errors?\b/);
	});
}

// these need nothing that is not in the folder, /tmp, or the vassals directory itself
for (const folder of ['000-digitalocean', '002-codingpy', '003-flask']) {
	test(`seed ${folder} passes emperor check with host checks`, async () => {
		const {status, stdout} = await check(join(SEEDS, folder));
		assert.equal(status, 0, stdout);
	});
}

test('seed 004\'s enable_threads is flagged: uWSGI 2.0 reads it as a placeholder, threads stay disabled', async () => {
	const {stdout} = await check('--no-host-checks', join(SEEDS, '004-docker'));
	assert.equal(stdout, `${join(SEEDS, '004-docker', 'uwsgi.ini')}:6: enable_threads: not a uWSGI option: uWSGI matches option names exactly, so this line only defines a placeholder; did you mean enable-threads? (warning)\nemperor check: 1 file, 0 errors, 1 warning\n`);
});

test('seeds 003 and 003-nginx checked as one emperor clash on their stats socket', async () => {
	const {status, stdout} = await check('--no-host-checks', join(SEEDS, '003-flask'), join(SEEDS, '003-flask-nginx'));
	assert.equal(status, 1);
	assert.match(stdout, /myapp\.ini:8: stats: 127\.0\.0\.1:9191 is already bound by .*003-flask\/myapp\.ini \(line 7, stats\)/);
});
