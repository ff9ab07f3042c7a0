import assert from 'node:assert/strict';
import {test} from 'node:test';
import {makeVassalPaths} from '../../src/config/vassal-paths.js';

test('without chdir, paths start in the vassals directory', () => {
	const paths = makeVassalPaths('/etc/uwsgi/vassals', {});
	assert.deepEqual([paths.chdir, paths.resolve('app.sock'), paths.resolve('/run/app.sock')], [undefined, '/etc/uwsgi/vassals/app.sock', '/run/app.sock']);
});

test('a relative chdir starts in the vassals directory, and later paths start in chdir', () => {
	const paths = makeVassalPaths('/etc/uwsgi/vassals', {chdir: '../apps/shop'});
	assert.deepEqual([paths.chdir, paths.resolve('wsgi.py')], ['/etc/uwsgi/apps/shop', '/etc/uwsgi/apps/shop/wsgi.py']);
});

test('with chroot, chdir and every path are inside the jail (ArchWiki: /run/app.sock is /srv/http/run/app.sock)', () => {
	const paths = makeVassalPaths('/etc/uwsgi', {chroot: '/srv/http', chdir: '/www/application1'});
	assert.deepEqual([paths.chdir, paths.resolve('application1.py'), paths.resolve('/run/application1.sock'), paths.isChrooted],
		['/srv/http/www/application1', '/srv/http/www/application1/application1.py', '/srv/http/run/application1.sock', true]);
});
