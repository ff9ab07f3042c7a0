import assert from 'node:assert/strict';
import {test} from 'node:test';
import {holdListener, nativeLoad, requestOnce} from '../helpers/held-listener.js';
import {armConnectionWatch} from '../../src/launch/connection-watch.js';
import {readSocketTables} from '../../src/launch/socket-activity.js';

const skip = !nativeLoad.ok && 'the native addon is not built';

for (const kind of ['unix', 'tcp'] as const) {
	test(`${kind}: a connection watch on the held socket fires for some served requests and for none while idle`, {skip}, async t => {
		assert.ok(nativeLoad.ok);
		const held = await holdListener(t, kind);
		await held.serve();
		const idle = armConnectionWatch(nativeLoad.native, held.fd);
		// a full round of the event loop with the watch armed and no connection
		await readSocketTables();
		assert.equal(idle.hasFired(), false);
		idle.disarm();
		let fired = 0;
		const requests = 40;
		for (let index = 0; index < requests; index++) {
			const watch = armConnectionWatch(nativeLoad.native, held.fd);
			await requestOnce(held);
			await new Promise(resolve => setImmediate(resolve));
			if (watch.hasFired()) fired++;
			watch.disarm();
		}
		t.diagnostic(`${kind}: the watch fired for ${fired} of ${requests} requests the server accepted`);
		assert.ok(fired > 0 && fired <= requests);
	});
}
