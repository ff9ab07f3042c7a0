import assert from 'node:assert/strict';
import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {findVassalCgroup, prepareVassalLeaf, setLimitWarning, setVassalLimits} from '../../src/cgroup/vassal-cgroup.js';
import {makeTempDir} from '../helpers/temp-dir.js';

test('without delegation a vassal has no cgroup, and a limit it sets is warned about once, naming what is missing', () => {
	const warnings: string[] = [];
	setLimitWarning((_key, message) => warnings.push(message));
	setVassalLimits('plain.ini', {memoryMax: '1024'});
	assert.equal(prepareVassalLeaf('plain.ini', undefined), undefined);
	assert.equal(prepareVassalLeaf('plain.ini', undefined), undefined);
	assert.deepEqual(warnings, ['[emperor] memory-max is not enforced: it needs a delegated cgroup (systemd with Delegate=yes), which the emperor\'s cgroup does not offer']);
});

test('each process of a vassal gets a leaf of its own under vassal-<safe id>, with the vassal\'s limits where the controller is there', () => {
	const directory = makeTempDir('emperor-vassal-cgroup-');
	const delegation = {directory, controllers: ['memory'], canKill: true};
	const warnings: string[] = [];
	setLimitWarning((_key, message) => warnings.push(message));
	setVassalLimits('/srv/blog/uwsgi.ini', {memoryMax: '268435456', cpuMax: '50000 100000'});
	const first = prepareVassalLeaf('/srv/blog/uwsgi.ini', delegation)!;
	const second = prepareVassalLeaf('/srv/blog/uwsgi.ini', delegation)!;
	const vassal = findVassalCgroup('/srv/blog/uwsgi.ini', delegation)!;
	assert.match(vassal, /\/vassal-srv_blog_uwsgi-[0-9a-f]{8}\.ini$/);
	assert.notEqual(first, second);
	for (const leaf of [first, second]) assert.ok(existsSync(leaf) && join(leaf, '..') === vassal, leaf);
	assert.equal(readFileSync(join(vassal, 'memory.max'), 'utf8'), '268435456');
	assert.equal(existsSync(join(vassal, 'cpu.max')), false);
	assert.deepEqual(warnings, ['[emperor] cpu-max is not enforced: it needs the cpu controller, which the emperor\'s cgroup does not offer']);
});
