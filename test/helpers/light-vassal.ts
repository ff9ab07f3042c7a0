import {readdirSync, readFileSync, readlinkSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {isProcessAlive} from './processes.js';

// the light fake vassal (one perl process, ~1 MB of its own), for runs of hundreds of vassals; see its header
export const LIGHT_VASSAL_PATH = fileURLToPath(new URL('../fixtures/bin/light-vassal.pl', import.meta.url));

// the smallest file the emperor accepts; the light vassal reads nothing from it
export const LIGHT_VASSAL_INI = '[uwsgi]\nmaster = true\n';

// live processes running as `… --ini NAME` in a directory (their cwd), by NAME: what really runs, whatever the logs say
export const listVassalProcesses = (directory: string): Map<string, number[]> => {
	const byName = new Map<string, number[]>();
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		const pid = Number(entry);
		try {
			if (readlinkSync(`/proc/${pid}/cwd`).replace(/ \(deleted\)$/, '') !== directory) continue;
			const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
			const name = argv[argv.lastIndexOf('--ini') + 1];
			if (!argv.includes('--ini') || name === undefined || !isProcessAlive(pid)) continue;
			byName.set(name, [...(byName.get(name) ?? []), pid]);
		} catch {
			// the process ended while we looked
		}
	}
	return byName;
};
