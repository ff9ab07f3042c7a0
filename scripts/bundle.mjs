// after tsc: bundles what `emperor --vassals DIR` loads at start, so that it compiles and runs one file instead of
// ~150 modules (docs/benchmarks.md, "Start-up"):
// 1. dist/lib/zod.js (a re-export of zod) becomes zod bundled with only the parts src/ uses (`z.NAME`), without
//    zod's ~40 locales and the rest that `export {z}` drags in (755 KB → ~200 KB);
// 2. what `emperor --vassals DIR` runs becomes one CommonJS script with V8's code cache next to it (below).
// Without esbuild the plain tsc output stays, and works the same, more slowly.
import {chmodSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {spawnSync} from 'node:child_process';
import {join} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
// the CLI is run as itself (its first line holds the V8 flags: src/emperor/node-flags.ts)
chmodSync(join(dist, 'cli.js'), 0o755);
let esbuild;
try {
	esbuild = await import('esbuild');
} catch {
	process.stderr.write('bundle: esbuild not installed, dist/ stays as tsc wrote it\n');
	process.exit(0);
}
const common = {bundle: true, platform: 'node', format: 'esm', target: 'node20', allowOverwrite: true, legalComments: 'inline', logLevel: 'warning'};

// every z.NAME that src/ uses and zod exports as a value (z.core is only ever used for types)
const listSources = directory => readdirSync(directory, {withFileTypes: true}).flatMap(entry =>
	entry.isDirectory() ? listSources(join(directory, entry.name)) : entry.name.endsWith('.ts') ? [join(directory, entry.name)] : []);
const zod = await import('zod');
const used = new Set(listSources(join(root, 'src')).flatMap(file => [...readFileSync(file, 'utf8').matchAll(/\bz\.([A-Za-z_$][\w$]*)/g)].map(match => match[1])));
const names = [...used].filter(name => name !== 'core' && Object.hasOwn(zod.z, name)).sort();
const zodTarget = join(dist, 'lib/zod.js');
await esbuild.build({
	...common,
	stdin: {
		contents: `import {${names.map((name, index) => `${name} as z${index}`).join(', ')}} from 'zod';\nexport const z = {${names.map((name, index) => `${JSON.stringify(name)}: z${index}`).join(', ')}};\n`,
		resolveDir: root, loader: 'js',
	},
	outfile: zodTarget,
});
// tsc's source maps describe the modules, not the bundles
rmSync(`${zodTarget}.map`, {force: true});

// 2. dist/emperor/run-emperor.cjs: what `emperor --vassals DIR` runs, as one CommonJS script in ASCII, which
//    src/emperor/load-run-emperor.ts compiles with V8's code cache (Node 20 has none for ES modules); tsc's
//    modules stay, for the fallback. Its `import.meta.url` is tsc's run-emperor.js, so that paths found relative
//    to it (the native addon, the exec shim, package.json) are the same.
const runModule = join(dist, 'emperor/run-emperor.js');
const bundleTarget = join(dist, 'emperor/run-emperor.cjs');
// chunks of the earlier ES module bundle
for (const name of readdirSync(join(dist, 'emperor'))) if (name.startsWith('run-chunk-')) rmSync(join(dist, 'emperor', name));
rmSync(`${bundleTarget}.cache`, {force: true});
await esbuild.build({
	...common,
	format: 'cjs',
	entryPoints: [runModule],
	outfile: bundleTarget,
	// names are kept, for stack traces; blanks and comments go (less to read and hash at every start)
	minifyWhitespace: true,
	minifySyntax: true,
	charset: 'ascii',
	legalComments: 'none',
	// optional or native, found at run time: pino-pretty (only for a terminal), unix-dgram, the .node addon
	external: ['pino-pretty', 'unix-dgram', '*.node'],
	define: {'import.meta.url': '__emperorUrl'},
});
// a script run by node:vm cannot import() an ES module on Node 20 (only with --experimental-vm-modules): every
// lazy import must have been bundled, as a function that runs the module's code on first use
if (readFileSync(bundleTarget, 'latin1').includes('import(')) {
	rmSync(bundleTarget);
	process.stderr.write('bundle: run-emperor.cjs would import() an ES module at run time; the emperor runs tsc\'s modules instead\n');
	process.exit(0);
}

// 3. V8's code cache of the bundle, compiled as far as loading it goes; V8 refuses a cache made by another
//    version of it (or with other flags), and the emperor then compiles the script as it would without one
const loader = pathToFileURL(join(dist, 'emperor/load-run-emperor.js')).href;
const {readNodeFlags} = await import(pathToFileURL(join(dist, 'emperor/node-flags.js')).href);
const cached = spawnSync(process.execPath, [...readNodeFlags(join(dist, 'cli.js')), '--input-type=module', '-e', `import {writeRunEmperorCache} from ${JSON.stringify(loader)}; writeRunEmperorCache();`], {stdio: 'inherit'});
if (cached.status !== 0) process.stderr.write('bundle: no code cache written; the emperor starts without it\n');
