import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseCpuMax, parseMemoryMax, readCgroupLimits} from '../../src/cgroup/cgroup-limits.js';
import {checkEmperorKeys} from '../../src/config/program-spec.js';

test('memory-max reads as systemd\'s MemoryMax= (powers of 1024), cpu-max as CPUQuota= (a percentage of one CPU)', () => {
	assert.deepEqual(['1048576', '512M', '1.5G', '64k', 'max', '0', 'lots', '-1M'].map(parseMemoryMax),
		['1048576', String(512 * 1024 ** 2), String(1.5 * 1024 ** 3), '65536', 'max', undefined, undefined, undefined]);
	assert.deepEqual(['50%', '200%', '0.5%', 'max', '50', '0%'].map(parseCpuMax), ['50000 100000', '200000 100000', '1000 100000', 'max 100000', undefined, undefined]);
});

test('the limits of a vassal are the last [emperor] memory-max and cpu-max; a value that cannot be read refuses the file', () => {
	const entries = [
		{section: 'emperor', key: 'memory-max', value: '1G', line: 2},
		{section: 'emperor', key: 'memory-max', value: '256M', line: 3},
		{section: 'uwsgi', key: 'cpu-max', value: 'x', line: 5},
		{section: 'emperor', key: 'cpu-max', value: '150%', line: 6},
	];
	assert.deepEqual(readCgroupLimits(entries).limits, {memoryMax: String(256 * 1024 ** 2), cpuMax: '150000 100000'});
	assert.deepEqual(checkEmperorKeys(entries, 'a.ini', false), []);
	const issues = checkEmperorKeys([{section: 'emperor', key: 'memory-max', value: 'lots', line: 4}], 'a.ini', false);
	assert.deepEqual(issues.map(issue => [issue.code, issue.severity, issue.line]), [['VASSAL_LIMIT_INVALID', 'error', 4]]);
	assert.match(issues[0]!.message, /\[emperor\] memory-max: expected bytes, or a size such as 512M or 2G, or max, found "lots"/);
});
