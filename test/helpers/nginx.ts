import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {after} from 'node:test';
import {getFreePort} from './ports.js';
import {waitForHttp} from './http.js';

export const NGINX_BIN = process.env.NGINX_BIN ?? '/usr/sbin/nginx';

export type NginxServer = {
	port: number;
	prefix: string;
	/** nginx's stdout and stderr lines (its error log goes to stderr) */
	output: string[];
	stop: () => Promise<void>;
};

// writes an nginx.conf whose only server passes every request to one uwsgi upstream, as in DigitalOcean's uWSGI and Nginx guide for Ubuntu 14.04
// (user: the workers' user when nginx runs as root; by default root, so workers reach sockets in a 0700 temp dir)
export const makeNginxConf = (prefix: string, port: number, upstream: string, user = 'root root'): string => `
${process.getuid?.() === 0 ? `user ${user};` : ''}
worker_processes 1;
pid ${join(prefix, 'nginx.pid')};
error_log stderr info;
events { worker_connections 64; }
http {
	access_log off;
	client_body_temp_path ${join(prefix, 'client_body')};
	proxy_temp_path ${join(prefix, 'proxy')};
	fastcgi_temp_path ${join(prefix, 'fastcgi')};
	uwsgi_temp_path ${join(prefix, 'uwsgi')};
	scgi_temp_path ${join(prefix, 'scgi')};
	server {
		listen 127.0.0.1:${port};
		server_name localhost;
		location / {
			include /etc/nginx/uwsgi_params;
			uwsgi_pass ${upstream};
		}
	}
}
`;

// starts a real nginx in the foreground (upstream: 'unix:/path.sock' or '127.0.0.1:PORT'), waits until its port answers
export const startNginx = async (prefix: string, upstream: string, options: {user?: string} = {}): Promise<NginxServer> => {
	mkdirSync(prefix, {recursive: true});
	const port = await getFreePort();
	const conf = join(prefix, 'nginx.conf');
	writeFileSync(conf, makeNginxConf(prefix, port, upstream, options.user));
	const child = spawn(NGINX_BIN, ['-p', prefix, '-e', 'stderr', '-c', conf, '-g', 'daemon off; master_process on;'], {stdio: ['ignore', 'pipe', 'pipe']});
	const output: string[] = [];
	child.stdout.on('data', (chunk: Buffer) => output.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
	child.stderr.on('data', (chunk: Buffer) => output.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
	const exited = once(child, 'exit');
	// a crashed test run must not leave nginx behind; SIGTERM lets the master stop its workers
	const killOnExit = () => child.kill('SIGTERM');
	process.once('exit', killOnExit);
	let stopped = false;
	const stop = async () => {
		if (stopped) return;
		stopped = true;
		process.off('exit', killOnExit);
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGQUIT');
		const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
		await exited;
		clearTimeout(timer);
	};
	after(stop);
	const failed = exited.then(([code, signal]) => {
		throw new Error(`nginx exited at start (code ${String(code)}, signal ${String(signal)}):\n${output.join('\n')}`);
	});
	failed.catch(() => {});
	try {
		await Promise.race([waitForHttp({port}, {timeoutMs: 10_000}), failed]);
	} catch (error) {
		await stop();
		throw error;
	}
	return {port, prefix, output, stop};
};
