import assert from 'node:assert/strict';
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {takeDelegation} from '../../src/cgroup/delegation.js';
import {makeTempDir} from '../helpers/temp-dir.js';

// a stand-in for /sys/fs/cgroup with the emperor's unit cgroup in it (the real one is tested under systemd)
const makeFakeHierarchy = (controllers: string) => {
	const root = makeTempDir('emperor-cgroup-');
	const unit = join(root, 'system.slice', 'emperor.service');
	mkdirSync(unit, {recursive: true});
	writeFileSync(join(unit, 'cgroup.controllers'), controllers);
	writeFileSync(join(unit, 'cgroup.procs'), '100\n101\n');
	writeFileSync(join(unit, 'cgroup.subtree_control'), '');
	const self = join(root, 'self-cgroup');
	writeFileSync(self, '0::/system.slice/emperor.service\n');
	return {root, unit, self};
};

test('outside systemd, or on a cgroup v1 system, the emperor takes no cgroup and says why', () => {
	const {root, self} = makeFakeHierarchy('');
	assert.deepEqual(takeDelegation({}, root, self), {reason: 'not started by systemd'});
	const v1 = join(root, 'v1-cgroup');
	writeFileSync(v1, '4:memory:/x\n');
	assert.deepEqual(takeDelegation({INVOCATION_ID: 'x'}, root, v1), {reason: 'no cgroup2 cgroup of its own'});
});

test('a delegated cgroup: every process of it moves into its emperor leaf, and the offered controllers are enabled for vassals', () => {
	const {root, unit, self} = makeFakeHierarchy('cpuset cpu memory pids\n');
	const {delegation} = takeDelegation({INVOCATION_ID: 'x'}, root, self);
	assert.equal(delegation?.directory, unit);
	// a plain file keeps only the last write; cgroup.procs takes each one
	assert.equal(readFileSync(join(unit, 'emperor', 'cgroup.procs'), 'utf8'), '101');
	assert.equal(readFileSync(join(unit, 'cgroup.subtree_control'), 'utf8'), '+memory +cpu +pids');
	// started again in the same unit, already in the leaf: the unit's cgroup is still the one delegated
	writeFileSync(self, '0::/system.slice/emperor.service/emperor\n');
	assert.equal(takeDelegation({INVOCATION_ID: 'x'}, root, self).delegation?.directory, unit);
});
