// the V8 flags the emperor runs with, from the first line of its CLI (`#!/usr/bin/env -S node FLAGS`): the one place
// that the executable, the code cache the build writes (V8 refuses a cache made with other flags) and the tests' and
// benchmarks' emperors all take them from
import {readFileSync} from 'node:fs';

// the flags after `node` on the CLI's first line; [] for a plain `#!/usr/bin/env node`
export const readNodeFlags = (cliPath: string): string[] => {
	const [first = ''] = readFileSync(cliPath, 'utf8').split('\n', 1);
	const match = /^#!\/usr\/bin\/env -S node((?: --[\w-]+(?:=\S+)?)*)\s*$/.exec(first);
	return match?.[1]?.trim().split(/\s+/).filter(Boolean) ?? [];
};
