#!/usr/bin/env node
// writes src/config/data/uwsgi-options.json: the option names of the installed uWSGI, from its own --help
// usage: node scripts/generate-uwsgi-options.mjs [--binary uwsgi] [--plugin-dir /usr/lib/uwsgi/plugins] [--out FILE]
// Debian's uwsgi-core and uwsgi-plugin-python3 give the core and python3 options; every other installed plugin
// is asked on its own, so an option can be traced to the plugin that brings it (`http` comes from `http`)
import {spawnSync} from 'node:child_process';
import {existsSync, readdirSync, writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';

const {values: flags} = parseArgs({options: {
	binary: {type: 'string', default: 'uwsgi'},
	'plugin-dir': {type: 'string', default: '/usr/lib/uwsgi/plugins'},
	out: {type: 'string', default: fileURLToPath(new URL('../src/config/data/uwsgi-options.json', import.meta.url))},
}});

// runs the binary and returns its standard output and error together (uWSGI prints --help on stdout)
const run = args => {
	const result = spawnSync(flags.binary, args, {encoding: 'utf8', timeout: 30_000});
	if (result.error) throw new Error(`cannot run ${flags.binary} ${args.join(' ')}: ${result.error.message}`);
	return `${result.stdout}\n${result.stderr}`;
};

// the long option names of one --help text: lines like `    -s|--socket   bind to …` or `    --master …`
const readOptionNames = help => new Set([...help.matchAll(/^ {4}(?:-\w\|)?--([a-z0-9][a-z0-9._-]*)/gm)].map(match => match[1]));

const difference = (names, base) => [...names].filter(name => !base.has(name)).sort();

const core = readOptionNames(run(['--help']));
if (core.size < 100) throw new Error(`${flags.binary} --help listed ${core.size} options: is this uWSGI?`);
const version = run(['--version']).trim().split('\n')[0];
const plugins = {python3: difference(readOptionNames(run(['--plugin', 'python3', '--help'])), core)};
const installed = existsSync(flags['plugin-dir']) ? readdirSync(flags['plugin-dir']) : [];
for (const file of installed.sort()) {
	const name = file.replace(/_plugin\.so$/, '');
	// python311 is python3 under another name; the two cannot be loaded together
	if (name === file || name.startsWith('python')) continue;
	const added = difference(readOptionNames(run(['--plugin', name, '--help'])), core);
	if (added.length > 0) plugins[name] = added;
}

const data = {
	source: `${flags.binary} --help and ${flags.binary} --plugin NAME --help, uWSGI ${version}; regenerate with node scripts/generate-uwsgi-options.mjs`,
	version,
	core: [...core].sort(),
	plugins,
};
writeFileSync(flags.out, `${JSON.stringify(data, null, '\t')}\n`);
const total = data.core.length + Object.values(plugins).reduce((sum, names) => sum + names.length, 0);
process.stdout.write(`${flags.out}: ${data.core.length} core options and ${total - data.core.length} from ${Object.keys(plugins).length} plugins (uWSGI ${version})\n`);
