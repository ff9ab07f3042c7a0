// after tsc: replaces dist/lib/zod.js (a re-export of zod) by zod bundled into that one file, so that the emperor
// and `emperor check` read one module instead of ~100; without esbuild the plain re-export stays and still works
import {rmSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

const target = fileURLToPath(new URL('../dist/lib/zod.js', import.meta.url));
let esbuild;
try {
	esbuild = await import('esbuild');
} catch {
	process.stderr.write('bundle-zod: esbuild not installed, dist/lib/zod.js stays a plain re-export of zod\n');
	process.exit(0);
}
await esbuild.build({
	stdin: {contents: "export {z} from 'zod';", resolveDir: fileURLToPath(new URL('..', import.meta.url)), loader: 'js'},
	bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: target, allowOverwrite: true, legalComments: 'inline', logLevel: 'warning',
});
// tsc's source map describes the re-export, not the bundle
rmSync(`${target}.map`, {force: true});
