import assert from 'node:assert/strict';
import {mkdirSync, renameSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {startFakeEmperor} from '../helpers/fake-emperor.js';
import {renderFakeVassal, writeFakeVassal} from '../helpers/fake-vassal.js';
import {printFigure, timeOf} from '../helpers/log-fields.js';
import {makeTempDir} from '../helpers/temp-dir.js';

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

test('a new project under a glob spawns as fast as a new file in a watched directory, both sources governed at once', {timeout: 60_000}, async t => {
	const vassalsDir = makeTempDir('emperor-vassals-');
	const projects = makeTempDir('emperor-projects-');
	const emperor = startFakeEmperor(t, {vassalsDir, flags: {'--vassals': [vassalsDir, `${projects}/*/uwsgi.ini`], '--emperor-freq': '600'}});
	await emperor.waitForLog({event: 'emperor-started'}, 10_000);
	const [fromDirectory, fromGlob]: [number[], number[]] = [[], []];
	for (let round = 0; round < 8; round++) {
		const name = `app${round}.ini`;
		const landed = Date.now();
		writeFakeVassal(vassalsDir, name, {send: [1, 5]});
		fromDirectory.push(timeOf(await emperor.waitForLog({event: 'vassal-spawned', vassal: name})) - landed);
		// a project directory arrives whole, as a deploy or a clone lands it
		const staging = join(projects, `.staging${round}`);
		mkdirSync(staging);
		writeFileSync(join(staging, 'uwsgi.ini'), renderFakeVassal({send: [1, 5]}));
		const projectLanded = Date.now();
		renameSync(staging, join(projects, `project${round}`));
		const path = join(projects, `project${round}`, 'uwsgi.ini');
		fromGlob.push(timeOf(await emperor.waitForLog({event: 'vassal-spawned', vassal: path})) - projectLanded);
	}
	printFigure('median new file in a watched directory → vassal-spawned', median(fromDirectory));
	printFigure('median new project directory under a glob → vassal-spawned', median(fromGlob));
	// far below the 600 s rescan: both seen through their watches
	assert.ok(median(fromGlob) < 2000 && median(fromDirectory) < 2000);
});
