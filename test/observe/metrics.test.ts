import assert from 'node:assert/strict';
import {test} from 'node:test';
import {createEmperorMetrics, describeReload} from '../../src/observe/metrics.js';
import {makeVassalRecord, type VassalRecord} from '../../src/vassal/vassal-state.js';

const serving: VassalRecord = {...makeVassalRecord('a.ini'), state: 'running', pid: 10, generation: 1, spawns: 1};
const successor = {id: 2, pid: 11, startedAt: 0, ready: false, accepting: false, deadlineAt: 60_000};
const overlapping: VassalRecord = {...serving, state: 'overlapping', spawns: 2, successor};

test('a reload is counted as overlapped, failed or in-place', () => {
	const promoted: VassalRecord = {...serving, generation: 2, pid: 11, successor: undefined, retiring: [{...successor, id: 1, pid: 10}]};
	assert.equal(describeReload(overlapping, promoted), 'overlapped');
	assert.equal(describeReload(overlapping, {...serving, failedReload: {at: 1, reason: 'exited with code 22 before accepting', generation: 2}}), 'failed');
	assert.equal(describeReload(serving, {...serving, state: 'reloading'}), 'in-place');
	assert.equal(describeReload(serving, overlapping), undefined, 'starting an overlap is not a result yet');
});

test('emperor_vassal_generations shows both generations during an overlap', async () => {
	const retiring = [{...successor, id: 0, pid: 9}];
	const metrics = createEmperorMetrics({records: () => [{...overlapping, retiring}], now: () => 0});
	const text = await metrics.registry.metrics();
	assert.match(text, /emperor_vassal_generations\{vassal="a.ini",role="serving"\} 1/);
	assert.match(text, /emperor_vassal_generations\{vassal="a.ini",role="new"\} 1/);
	assert.match(text, /emperor_vassal_generations\{vassal="a.ini",role="old"\} 1/);
});

test('each vassal\'s memory and CPU are read once a scrape, as a gauge and a counter', async () => {
	let reads = 0;
	const usage = () => {
		reads += 1;
		return new Map([['a.ini', {memory: 41_943_040, cpu: 2.5}]]);
	};
	const metrics = createEmperorMetrics({records: () => [serving], now: () => 0, usage});
	const text = await metrics.registry.metrics();
	assert.match(text, /emperor_vassal_memory_bytes\{vassal="a.ini"\} 41943040/);
	assert.match(text, /# TYPE emperor_vassal_cpu_seconds_total counter\nemperor_vassal_cpu_seconds_total\{vassal="a.ini"\} 2.5/);
	assert.equal(reads, 1);
});
