import assert from 'node:assert/strict';
import {test} from 'node:test';
import {findListingMismatch} from '../../src/monitor/listing-mismatch.js';

const reportedOf = (...names: string[]) => new Map(names.map(name => [name, {}]));

test('at rest the listing and the reports agree: nothing to repair', () => {
	assert.deepEqual(findListingMismatch(new Set(['a.ini', 'b.ini']), reportedOf('a.ini', 'b.ini'), new Map(), []), {gone: [], unreported: []});
});

test('a reported file the directory no longer lists is gone (a removal the watcher missed)', () => {
	assert.deepEqual(findListingMismatch(new Set(['a.ini']), reportedOf('a.ini', 'ghost.ini'), new Map(), []), {gone: ['ghost.ini'], unreported: []});
});

test('a listed file that was never reported is looked at again (a stat that failed while it settled)', () => {
	assert.deepEqual(findListingMismatch(new Set(['a.ini', 'lost.ini']), reportedOf('a.ini'), new Map(), []), {gone: [], unreported: ['lost.ini']});
});

test('a file that settles, or that this scan found changed, is being handled: not looked at twice', () => {
	const listed = new Set(['a.ini', 'landing.ini', 'new.ini']);
	assert.deepEqual(findListingMismatch(listed, reportedOf('a.ini'), new Map([['landing.ini', {}]]), ['new.ini']), {gone: [], unreported: []});
});

test('a ghost and an unreported file at once, though the counts match', () => {
	assert.deepEqual(findListingMismatch(new Set(['a.ini', 'lost.ini']), reportedOf('a.ini', 'ghost.ini'), new Map(), []), {gone: ['ghost.ini'], unreported: ['lost.ini']});
});

test('an empty listing (the directory vanished) makes every reported file gone', () => {
	assert.deepEqual(findListingMismatch(new Set(), reportedOf('a.ini', 'b.ini'), new Map(), []), {gone: ['a.ini', 'b.ini'], unreported: []});
});
