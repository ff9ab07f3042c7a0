#!/usr/bin/env node
// builds native/on-demand-socket when npm install or npm ci runs; an addon already there (a package made by
// `npm pack` ships one: N-API needs no rebuild for another Node version) is kept. Without a compiler the emperor
// still runs, and a vassal with an on-demand socket is refused with the reason until `npm run build:native` works.
import {spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';

const ADDON = 'native/on-demand-socket/build/Release/on_demand_socket.node';

if (!existsSync(ADDON)) {
	const result = spawnSync('node-gyp', ['rebuild', '--directory=native/on-demand-socket'], {stdio: 'inherit'});
	if (result.status !== 0) {
		console.warn('emperor: the on-demand socket addon was not built (it needs python3, make and g++); on-demand vassals are refused until `npm run build:native` succeeds');
	}
}
