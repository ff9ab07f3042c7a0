import {join, resolve} from 'node:path';
import type {VassalOptions} from './vassal-schema.js';

/** resolves the paths of one vassal as uWSGI does: from the vassals directory, then chdir, inside the chroot */
export type VassalPaths = {
	/** the directory chdir names, on this machine */
	readonly chdir: string | undefined;
	/** a path of the vassal (wsgi-file, virtualenv, a unix socket) on this machine */
	readonly resolve: (path: string) => string;
	readonly isChrooted: boolean;
};

// uWSGI chroots first, then chdirs (core/uwsgi.c uwsgi_start), then binds sockets and loads the app
export const makeVassalPaths = (vassalsDirectory: string, options: Pick<VassalOptions, 'chdir' | 'chroot'>): VassalPaths => {
	if (options.chroot === undefined) {
		const workdir = options.chdir === undefined ? vassalsDirectory : resolve(vassalsDirectory, options.chdir);
		return {chdir: options.chdir === undefined ? undefined : workdir, resolve: path => resolve(workdir, path), isChrooted: false};
	}
	const root = resolve(vassalsDirectory, options.chroot);
	const inside = resolve('/', options.chdir ?? '/');
	return {chdir: options.chdir === undefined ? undefined : join(root, inside), resolve: path => join(root, resolve(inside, path)), isChrooted: true};
};
