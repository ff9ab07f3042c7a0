import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';

/** a pending wait for a connection, as watchReadable returns it */
export type NativeWatch = {readonly nativeWatch: unique symbol};

/** what adoptFd finds about a descriptor another process passed */
export type PassedFdFacts = {
	readonly kind: 'unix' | 'tcp' | 'other';
	/** unix: the bound path (`@name` for an abstract socket) */
	readonly path?: string;
	/** tcp: the bound IP address and port */
	readonly host?: string;
	readonly port?: number;
	readonly isStream: boolean;
	readonly isListening: boolean;
};

/** the addon in native/on-demand-socket: the few syscalls Node's net module has no way to make */
export type OnDemandNative = {
	/** unlink, bind, chmod, listen; the fd (close-on-exec) */
	listenUnix: (path: string, mode: number, backlog: number) => number;
	/** an IP literal ('' for every IPv4 interface), SO_REUSEADDR, bind, listen; the fd (close-on-exec) */
	listenTcp: (host: string, port: number, backlog: number) => number;
	closeFd: (fd: number) => void;
	/** calls back once, when a connection is pending (not accepted) */
	watchReadable: (fd: number, callback: () => void) => NativeWatch;
	/** stops a watch that has not fired yet; nothing once it fired */
	unwatch: (watch: NativeWatch) => void;
	/** marks a passed fd close-on-exec and describes it; throws for a closed fd */
	adoptFd: (fd: number) => PassedFdFacts;
};

export type NativeLoad = {readonly ok: true; readonly native: OnDemandNative} | {readonly ok: false; readonly reason: string};

// the same path from src/ (tests) and from dist/ (the installed package)
export const NATIVE_ADDON_PATH = fileURLToPath(new URL('../../native/on-demand-socket/build/Release/on_demand_socket.node', import.meta.url));

let loaded: NativeLoad | undefined;

// loads the addon once; a missing build is a reason to report, never a crash
export const loadOnDemandNative = (): NativeLoad => {
	if (loaded !== undefined) return loaded;
	try {
		loaded = {ok: true, native: createRequire(import.meta.url)(NATIVE_ADDON_PATH) as OnDemandNative};
	} catch (error) {
		const detail = (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' ? 'it was not built' : (error as Error).message;
		loaded = {ok: false, reason: `on-demand sockets need the native addon (${detail}); build it with npm run build:native (python3, make and g++)`};
	}
	return loaded;
};

// a getter of some of the addon's functions, looked up once: undefined when it was not built, or was built before
// it had one of them
export const nativeFunctions = <T extends object>(...names: ReadonlyArray<keyof T & string>): (() => T | undefined) => {
	let found: T | undefined | null = null;
	return () => {
		if (found !== null) return found;
		const load = loadOnDemandNative();
		const native = load.ok ? (load.native as unknown as Record<string, unknown>) : undefined;
		found = native !== undefined && names.every(name => typeof native[name] === 'function') ? (native as T) : undefined;
		return found;
	};
};
