#!/usr/bin/env node
// builds what is native when npm install or npm ci runs; a build already there (a package made by `npm pack`
// ships one: N-API needs no rebuild for another Node version) is kept. Without a compiler the emperor still runs:
// - native/on-demand-socket (an addon): a vassal with an on-demand socket is refused with the reason until
//   `npm run build:native` works, and vassals are spawned by child_process (forking the emperor) instead of posix_spawn;
// - native/vassal-exec (a tiny program): vassals are spawned without it, and outlive a SIGKILLed emperor by up to
//   the 2 s of uWSGI's goodbye, until `npm run build:native` works (docs/orphans.md).
import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, statSync} from 'node:fs';

const ADDON = 'native/on-demand-socket/build/Release/on_demand_socket.node';
const EXEC_SOURCE = 'native/vassal-exec/vassal-exec.c';
const EXEC = 'native/vassal-exec/build/vassal-exec';

const ADDON_SOURCES = ['native/on-demand-socket/on-demand-socket.c', 'native/on-demand-socket/vassal-spawn.c'];
// a build older than its source (a checkout that changed it) is built again
const isOlderThan = (built, source) => !existsSync(built) || (existsSync(source) && statSync(source).mtimeMs > statSync(built).mtimeMs);

if (ADDON_SOURCES.some(source => isOlderThan(ADDON, source))) {
	const result = spawnSync('node-gyp', ['rebuild', '--directory=native/on-demand-socket'], {stdio: 'inherit'});
	if (result.status !== 0) {
		console.warn('emperor: the on-demand socket addon was not built (it needs python3, make and g++); on-demand vassals are refused until `npm run build:native` succeeds');
	}
}

// the first C compiler that builds it: $CC, cc, gcc, clang
const buildExec = () => {
	mkdirSync('native/vassal-exec/build', {recursive: true});
	const compilers = [process.env.CC, 'cc', 'gcc', 'clang'].filter(Boolean);
	return compilers.some(compiler => spawnSync(compiler, ['-O2', '-Wall', '-o', EXEC, EXEC_SOURCE], {stdio: 'inherit'}).status === 0);
};

if ((isOlderThan(EXEC, EXEC_SOURCE) || process.argv.includes('--force')) && !buildExec()) {
	console.warn('emperor: native/vassal-exec was not built (it needs a C compiler); vassals are spawned without a death signal and can outlive a SIGKILLed emperor by ~2 s until `npm run build:native` succeeds');
}
