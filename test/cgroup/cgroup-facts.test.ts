import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseControllers, parseOwnCgroup, planSubtreeControl, vassalCgroupName} from '../../src/cgroup/cgroup-facts.js';

test('the own cgroup is the cgroup2 line of /proc/self/cgroup, on a unified or a hybrid system', () => {
	assert.equal(parseOwnCgroup('0::/system.slice/emperor.uwsgi.service\n'), '/system.slice/emperor.uwsgi.service');
	assert.equal(parseOwnCgroup('4:memory:/x\n1:name=systemd:/system.slice/a.service\n0::/system.slice/a.service\n'), '/system.slice/a.service');
	assert.equal(parseOwnCgroup('4:memory:/x\n1:cpu:/\n'), undefined);
});

test('the controllers enabled for vassals are the wanted ones the cgroup offers', () => {
	assert.equal(planSubtreeControl(parseControllers('cpuset cpu io memory pids\n')), '+memory +cpu +pids');
	assert.equal(planSubtreeControl(parseControllers('pids\n')), '+pids');
	assert.equal(planSubtreeControl(parseControllers('\n')), '');
});

test('a vassal\'s cgroup is named by its safe identifier', () => {
	assert.equal(vassalCgroupName('app.ini'), 'vassal-app.ini');
});
