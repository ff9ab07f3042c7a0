import {mkdtempSync, realpathSync} from 'node:fs';
import {join} from 'node:path';
import {after} from 'node:test';
import {startEmperorProcess, type EmperorProcess} from './emperor-process.js';
import {findProcessesUnder} from './processes.js';

// starts the built emperor on a vassals dir and waits for emperor-started; after the test it is
// stopped (SIGTERM, then SIGKILL) and any process left running inside the dir is SIGKILLed
export const startE2eEmperor = async (vassalsDir: string, args: string[] = [], options: Parameters<typeof startEmperorProcess>[1] = {}): Promise<EmperorProcess> => {
	const emperor = startEmperorProcess(['--vassals', vassalsDir, ...args], options);
	const directory = realpathSync(vassalsDir);
	after(async function stopEmperorAndLeftovers() {
		const timer = setTimeout(() => emperor.child.kill('SIGKILL'), 15_000);
		await emperor.stop('SIGTERM');
		clearTimeout(timer);
		for (const pid of findProcessesUnder(directory)) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {}
		}
	});
	await emperor.waitForLog({event: 'emperor-started'}, 10_000);
	return emperor;
};

// makes one test's own vassals dir inside a per-file temp root (so it outlives the test's emperor cleanup)
export const makeVassalsDir = (root: string, name: string): string => mkdtempSync(join(root, `${name}-`));
