import assert from 'node:assert/strict';
import {test} from 'node:test';
import {createEmperorMetrics} from '../../src/observe/metrics.js';
import {buildStatsDocument} from '../../src/observe/stats-document.js';
import {isSourceUp, type SourceStatus} from '../../src/sources/source-status.js';
import {makeVassalRecord} from '../../src/vassal/vassal-state.js';

const SOURCES: SourceStatus[] = [
	{spec: '/etc/uwsgi/vassals', kind: 'dir', state: 'watching', since: 1_000_000},
	{spec: 'pg://host=db password=***;SELECT 1', kind: 'pg', state: 'down', since: 2_500_000, detail: 'connect ECONNREFUSED; reconnecting in 2.0 s'},
];

test('a source is up while watched or connected; down, connecting or a failed query is not', () => {
	assert.deepEqual((['watching', 'connected', 'connecting', 'down', 'query-failed'] as const).map(isSourceUp), [true, true, false, false, false]);
});

test('the stats document lists every source with its kind, state, since (epoch seconds) and detail', () => {
	const facts = {version: 'v', pid: 1, uid: 0, gid: 0, cwd: '/', directory: '/etc/uwsgi/vassals', tyrant: false, sources: SOURCES};
	assert.deepEqual(buildStatsDocument(facts, [], 0).sources, [
		{spec: '/etc/uwsgi/vassals', kind: 'dir', state: 'watching', since: 1000, detail: ''},
		{spec: 'pg://host=db password=***;SELECT 1', kind: 'pg', state: 'down', since: 2500, detail: 'connect ECONNREFUSED; reconnecting in 2.0 s'},
	]);
	assert.deepEqual(buildStatsDocument({...facts, sources: undefined}, [], 0).sources, []);
});

test('emperor_source_up says per source whether it sees its vassals; vassal labels are safe identifiers', async () => {
	const record = {...makeVassalRecord('/srv/blog/uwsgi.ini'), state: 'running' as const, pid: 7};
	const metrics = createEmperorMetrics({records: () => [record], now: () => 0, sources: () => SOURCES});
	const text = await metrics.registry.metrics();
	assert.match(text, /emperor_source_up\{source="\/etc\/uwsgi\/vassals",kind="dir",state="watching"\} 1/);
	assert.match(text, /emperor_source_up\{source="pg:\/\/host=db password=\*\*\*;SELECT 1",kind="pg",state="down"\} 0/);
	assert.match(text, /emperor_vassal_up\{vassal="srv_blog_uwsgi-6c5ada26.ini"\} 1/);
});
