import {spawnSync} from 'node:child_process';

// leaves a unix socket file nobody listens on, as an emperor killed with SIGKILL does
export const makeStaleSocket = (path: string): void => {
	const script = `require('node:net').createServer().listen(${JSON.stringify(path)}, () => process.kill(process.pid, 'SIGKILL'))`;
	spawnSync(process.execPath, ['-e', script], {stdio: 'ignore'});
};
