#!/usr/bin/env node
// runs every test/**/*.test.ts with node's test runner (node 20 has no --test glob)
import {readdirSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {spawnSync} from 'node:child_process';

const findTests = directory => readdirSync(directory).sort().flatMap(name => {
	const path = join(directory, name);
	if (statSync(path).isDirectory()) return name === 'fixtures' ? [] : findTests(path);
	return name.endsWith('.test.ts') ? [path] : [];
});

const filters = process.argv.slice(2);
const files = findTests('test').filter(file => filters.length === 0 || filters.some(filter => file.includes(filter)));
if (files.length === 0) {
	console.error(`no test files match ${filters.join(' ')}`);
	process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {stdio: 'inherit'});
process.exit(result.status ?? 1);
