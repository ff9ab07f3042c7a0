// after tsc: bundles what `emperor --vassals DIR` loads at start, so that it compiles and runs one file instead of
// ~150 modules (docs/benchmarks.md, "Start-up"):
// 1. dist/lib/zod.js (a re-export of zod) becomes zod bundled with only the parts src/ uses (`z.NAME`), without
//    zod's ~40 locales and the rest that `export {z}` drags in (755 KB → ~200 KB);
// 2. dist/emperor/run-emperor.js becomes the emperor and its dependencies in one module, plus lazy chunks next to
//    it for what a start may never need (prom-client with --metrics, execa for --emperor-on-demand-exec).
// Without esbuild the plain tsc output stays, and works the same, more slowly.
import {readdirSync, readFileSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
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

// chunks sit next to the entry: modules that find files through import.meta.url (the native addon, the exec shim,
// package.json) are two folders below the package root, in the bundle as in tsc's output
const runTarget = join(dist, 'emperor/run-emperor.js');
const BANNER = "import {createRequire as createEmperorRequire} from 'node:module'; const require = createEmperorRequire(import.meta.url);";
if (readFileSync(runTarget, 'utf8').startsWith(BANNER)) {
	// bundled already (this script ran twice without tsc in between): its chunks are still the right ones
	process.exit(0);
}
for (const name of readdirSync(join(dist, 'emperor'))) if (name.startsWith('run-chunk-')) rmSync(join(dist, 'emperor', name));
await esbuild.build({
	...common,
	entryPoints: [runTarget],
	outdir: join(dist, 'emperor'),
	splitting: true,
	chunkNames: 'run-chunk-[hash]',
	// optional or native, found at run time: pino-pretty (only for a terminal), unix-dgram, the .node addon
	external: ['pino-pretty', 'unix-dgram', '*.node'],
	// CommonJS dependencies (pino, prom-client) call require() for Node's own modules
	banner: {js: BANNER},
});
rmSync(`${runTarget}.map`, {force: true});
