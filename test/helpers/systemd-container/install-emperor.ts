import {chmodSync, cpSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {EXAMPLES_DIR, makeApiVassalIni} from '../uwsgi-vassal.js';
import type {Container} from './boot-container.js';

export const CHECKOUT = fileURLToPath(new URL('../../..', import.meta.url)).replace(/\/$/, '');
const UNIT = join(CHECKOUT, 'systemd/emperor.uwsgi.service');

export type InstalledVassal = {name: string; url: string};

// writes a file into the container's / (its overlay, reached through /proc/LEADER/root)
export const writeInside = (container: Container, path: string, text: string, mode = 0o644): void => {
	mkdirSync(join(container.root, path, '..'), {recursive: true});
	writeFileSync(join(container.root, path), text);
	chmodSync(join(container.root, path), mode);
};

// installs the emperor inside the container as docs/systemd.md tells users: /usr/local/bin/emperor (here a
// wrapper that execs this checkout's dist/cli.js), /etc/uwsgi/emperor.ini naming /etc/uwsgi/vassals, the shipped
// unit unchanged in /etc/systemd/system; vassals serve vassals.example/api over HTTP on 127.0.0.1, `slow` after a
// 2 s import. Then daemon-reload
export const installEmperor = async (container: Container): Promise<InstalledVassal[]> => {
	writeInside(container, '/usr/local/bin/emperor', `#!/bin/sh\nexec ${CHECKOUT}/dist/cli.js "$@"\n`, 0o755);
	writeInside(container, '/etc/uwsgi/emperor.ini', '[uwsgi]\nemperor = /etc/uwsgi/vassals\n');
	writeInside(container, '/etc/systemd/system/emperor.uwsgi.service', readFileSync(UNIT, 'utf8'));
	const app = readFileSync(join(EXAMPLES_DIR, 'api/app.py'), 'utf8');
	writeInside(container, '/etc/uwsgi/vassals/api/app.py', app);
	writeInside(container, '/etc/uwsgi/vassals/api.ini', makeApiVassalIni({httpSocket: '127.0.0.1:8001'}));
	writeInside(container, '/etc/uwsgi/vassals/slow/app.py', `import time\ntime.sleep(2)\n${app}`);
	writeInside(container, '/etc/uwsgi/vassals/slow.ini', makeApiVassalIni({httpSocket: '127.0.0.1:8002'}).replace('%dapi', '%dslow'));
	const reload = await container.run(['systemctl', 'daemon-reload']);
	if (reload.exitCode !== 0) throw new Error(`daemon-reload failed: ${reload.stderr}`);
	return [{name: 'api', url: 'http://127.0.0.1:8001/'}, {name: 'slow', url: 'http://127.0.0.1:8002/'}];
};

// adds a drop-in for the unit (e.g. a short WatchdogSec=) and reloads systemd's configuration
export const addDropIn = async (container: Container, name: string, text: string): Promise<void> => {
	writeInside(container, `/etc/systemd/system/emperor.uwsgi.service.d/${name}.conf`, text);
	const reload = await container.run(['systemctl', 'daemon-reload']);
	if (reload.exitCode !== 0) throw new Error(`daemon-reload failed: ${reload.stderr}`);
};
