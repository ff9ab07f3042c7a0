import assert from 'node:assert/strict';
import {test} from 'node:test';
import {makeBindingRegistry} from '../../src/config/binding-registry.js';
import type {VassalBinding} from '../../src/config/vassal-bindings.js';

const binding: VassalBinding = {address: {kind: 'tcp', host: '*', port: 3031}, key: 'socket', line: 2};

test('a vassal sees the sockets of the others, not its own', () => {
	const registry = makeBindingRegistry();
	registry.claim('a.ini', [binding]);
	assert.deepEqual(registry.claimsExcept('a.ini'), []);
	assert.deepEqual(registry.claimsExcept('b.ini'), [{vassal: 'a.ini', bindings: [binding]}]);
});

test('when a holder goes, the vassals refused because of it are named, once', () => {
	const registry = makeBindingRegistry();
	registry.claim('a.ini', [binding]);
	registry.refuse('b.ini', ['a.ini']);
	registry.refuse('c.ini', []);
	assert.deepEqual(registry.release('a.ini'), ['b.ini']);
	assert.deepEqual(registry.claimsExcept('b.ini'), []);
	assert.deepEqual(registry.release('a.ini'), ['b.ini'], 'still waiting until it is accepted');
	registry.claim('b.ini', [binding]);
	assert.deepEqual(registry.release('a.ini'), []);
});
