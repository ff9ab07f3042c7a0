import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Channel} from '../../src/protocol/channel.js';
import type {GenerationConfig} from '../../src/vassal/generation-launch.js';
import {GenerationBooks} from '../../src/vassal/generation-books.js';

const configOf = (text: string) => ({keptText: text}) as unknown as GenerationConfig;
const channelOf = (closed: string[], name: string) => ({send: () => true, close: () => closed.push(name)}) as unknown as Channel;

test('the serving config is the serving generation\'s, and follows a promotion', () => {
	const books = new GenerationBooks();
	books.started(1, configOf('one'), true);
	books.started(2, configOf('two'), false);
	assert.deepEqual(books.servingConfig, configOf('one'));
	books.promote(2);
	assert.deepEqual(books.servingConfig, configOf('two'));
});

test('a promotion of a generation that is gone keeps the serving config', () => {
	const books = new GenerationBooks();
	books.started(1, configOf('one'), true);
	books.started(2, configOf('two'), false);
	books.gone(2);
	books.promote(2);
	assert.deepEqual(books.servingConfig, configOf('one'));
});

test('a generation that is gone takes its channel and its status with it; closeChannels closes the others', () => {
	const closed: string[] = [];
	const books = new GenerationBooks();
	books.setChannel(1, channelOf(closed, 'one'));
	books.setChannel(2, channelOf(closed, 'two'));
	books.setStatus(1, 'serving');
	assert.equal(books.status(1), 'serving');
	books.gone(1);
	assert.equal(books.channel(1), undefined);
	assert.equal(books.status(1), undefined);
	assert.notEqual(books.channel(2), undefined);
	books.closeChannels();
	assert.deepEqual(closed, ['two']);
	assert.equal(books.channel(2), undefined);
});
