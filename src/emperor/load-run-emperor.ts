import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {fileURLToPath, pathToFileURL} from 'node:url';
import vm from 'node:vm';

// `npm run build` bundles what `emperor --vassals DIR` runs into one CommonJS script (run-emperor.cjs, pure ASCII)
// and saves V8's code cache of it next to it: a start then deserializes compiled code instead of parsing and
// compiling ~600 KB (Node 20 offers no code cache for ES modules); docs/benchmarks.md, "Start-up"
const BUNDLE_PATH = fileURLToPath(new URL('run-emperor.cjs', import.meta.url));
const CACHE_PATH = `${BUNDLE_PATH}.cache`;
// what the bundle's `import.meta.url` stands for: tsc's module it was built from, so paths it finds relative to
// itself (the native addon, the exec shim, package.json) are the same
const MODULE_URL = new URL('run-emperor.js', import.meta.url).href;

type RunEmperorModule = typeof import('./run-emperor.js');

const readCache = (): Buffer | undefined => {
	try {
		return readFileSync(CACHE_PATH);
	} catch {
		return undefined;
	}
};

// compiles and runs the bundle (with its code cache when V8 accepts it); the script, to write a new cache from
const evaluateBundle = (cachedData: Buffer | undefined): {exports: RunEmperorModule; script: vm.Script} => {
	const source = readFileSync(BUNDLE_PATH, 'latin1');
	const wrapper = `(function (exports, require, module, __filename, __dirname, __emperorUrl) {${source}\n})`;
	const script = new vm.Script(wrapper, {
		filename: pathToFileURL(BUNDLE_PATH).href,
		cachedData,
	});
	const module = {exports: {} as RunEmperorModule};
	const run = script.runInThisContext() as (...parameters: unknown[]) => void;
	run(module.exports, createRequire(MODULE_URL), module, BUNDLE_PATH, fileURLToPath(new URL('.', import.meta.url)), MODULE_URL);
	return {exports: module.exports, script};
};

/** how the run module was loaded: from the bundle or tsc's modules, and whether V8 took the code cache */
export type RunEmperorLoad = {readonly module: RunEmperorModule; readonly from: 'bundle' | 'modules'; readonly isCacheUsed: boolean};

// the emperor's run module: the bundle when the build made one, else tsc's modules
export const loadRunEmperor = async (): Promise<RunEmperorLoad> => {
	if (!existsSync(BUNDLE_PATH)) return {module: await import('./run-emperor.js'), from: 'modules', isCacheUsed: false};
	const cachedData = readCache();
	const {exports, script} = evaluateBundle(cachedData);
	return {module: exports, from: 'bundle', isCacheUsed: cachedData !== undefined && !script.cachedDataRejected};
};

// writes the bundle's code cache, compiled as far as loading it goes (run once by the build)
export const writeRunEmperorCache = (): void => {
	const {script} = evaluateBundle(undefined);
	writeFileSync(CACHE_PATH, script.createCachedData());
};
