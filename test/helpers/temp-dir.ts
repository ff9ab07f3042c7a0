import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after} from 'node:test';

// makes a fresh directory for one test, removed when the test file ends
export const makeTempDir = (prefix = 'emperor-test-'): string => {
	const directory = mkdtempSync(join(tmpdir(), prefix));
	after(() => rmSync(directory, {recursive: true, force: true}));
	return directory;
};
