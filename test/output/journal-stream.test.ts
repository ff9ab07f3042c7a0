import assert from 'node:assert/strict';
import {openSync, closeSync, fstatSync} from 'node:fs';
import {createServer} from 'node:net';
import {join} from 'node:path';
import {test} from 'node:test';
import {buildJournalHeader, isStderrJournal, openJournalStream} from '../../src/output/journal-stream.js';
import {makeTempDir} from '../helpers/temp-dir.js';

test('the stream header is what sd_journal_stream_fd writes: identifier, empty unit id, priority, level prefix, three 0 flags', () => {
	assert.equal(buildJournalHeader('app.ini', 6), 'app.ini\n\n6\n1\n0\n0\n0\n');
	assert.equal(buildJournalHeader('a\nb', 4, false), 'a b\n\n4\n0\n0\n0\n0\n');
});

test('stderr is the journal only when JOURNAL_STREAM names its device and inode', () => {
	const fd = openSync('/dev/null', 'r');
	try {
		const stat = fstatSync(fd);
		assert.equal(isStderrJournal({JOURNAL_STREAM: `${stat.dev}:${stat.ino}`}, fd), true);
		assert.equal(isStderrJournal({JOURNAL_STREAM: `${stat.dev}:${stat.ino + 1}`}, fd), false);
		assert.equal(isStderrJournal({JOURNAL_STREAM: 'garbage'}, fd), false);
		assert.equal(isStderrJournal({}, fd), false);
	} finally {
		closeSync(fd);
	}
});

test('a stream is connected and has its header written before openJournalStream returns', async () => {
	const path = join(makeTempDir('emperor-journal-stream-'), 'stdout');
	const received: Buffer[] = [];
	const server = createServer(socket => socket.on('data', chunk => received.push(chunk)));
	await new Promise<void>(resolve => server.listen(path, resolve));
	try {
		const stream = openJournalStream('app.ini', 6, path);
		assert.ok(stream !== undefined);
		assert.ok(stream.fd > 2);
		stream.socket.end('a line\n');
		await new Promise(resolve => stream.socket.once('close', resolve));
		await new Promise(resolve => setImmediate(resolve));
		assert.equal(Buffer.concat(received).toString(), 'app.ini\n\n6\n1\n0\n0\n0\na line\n');
	} finally {
		server.close();
	}
});

test('no journal socket is no stream (the caller pipes instead)', () => {
	assert.equal(openJournalStream('app.ini', 6, '/nonexistent/journal/stdout'), undefined);
});
