import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseCgroupProcs, parseCpuStat, parseMemoryCurrent, parseProcStat, parsePss, parseRss} from '../../src/resources/proc-parse.js';

test('a stat line gives the ids and the CPU ticks, whatever the command holds', () => {
	const line = '4242 (uWSGI (worker 1) x) S 4241 4240 4240 0 -1 4194624 3000 0 0 0 120 30 7 3 20 0 1 0 999 123456 789 18446744073709551615\n';
	assert.deepEqual(parseProcStat(line), {pid: 4242, ppid: 4241, pgrp: 4240, session: 4240, cpuTicks: 160});
	assert.equal(parseProcStat('garbage'), undefined);
	assert.equal(parseProcStat('12 (x) S 1'), undefined);
});

test('PSS from smaps_rollup, RSS from status, in bytes', () => {
	assert.equal(parsePss('55e6-7ffc ---p 00000000 00:00 0 [rollup]\nRss:   1760 kB\nPss:    407 kB\nPss_Dirty:  116 kB\n'), 407 * 1024);
	assert.equal(parseRss('Name:\tuwsgi\nVmHWM:\t 9000 kB\nVmRSS:\t 8000 kB\n'), 8000 * 1024);
	assert.equal(parsePss('Rss: 1 kB\n'), undefined);
});

test('a cgroup\'s cpu.stat, memory.current and cgroup.procs', () => {
	assert.equal(parseCpuStat('usage_usec 2500000\nuser_usec 2000000\nsystem_usec 500000\n'), 2.5);
	assert.equal(parseCpuStat(''), undefined);
	assert.equal(parseMemoryCurrent('1048576\n'), 1_048_576);
	assert.equal(parseMemoryCurrent('\n'), undefined);
	assert.deepEqual(parseCgroupProcs('12\n13\n\n'), [12, 13]);
});
