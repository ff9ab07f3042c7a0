// where the control socket lives; apart from the request schema, so that a client loads no validation library

// the default control socket: systemd's RuntimeDirectory when the emperor runs as a service
export const defaultControlPath = (env: NodeJS.ProcessEnv): string | undefined => {
	const runtimeDirectory = env.RUNTIME_DIRECTORY?.split(':')[0];
	return runtimeDirectory ? `${runtimeDirectory}/emperor.control` : undefined;
};

// where a client looks for the control socket when none is named
export const clientControlPath = (env: NodeJS.ProcessEnv): string => defaultControlPath(env) ?? '/run/uwsgi/emperor.control';
