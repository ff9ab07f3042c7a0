// human sentences for log events; the structured fields stay the interface, the sentence is for people
const MESSAGES: Readonly<Record<string, (vassal: string, fields: Record<string, unknown>) => string>> = {
	'vassal-spawned': (vassal, {pid}) => `vassal ${vassal} has been spawned (pid ${pid})`,
	'vassal-spawn-failed': (vassal, {reason}) => `vassal ${vassal} could not be spawned: ${reason}`,
	'vassal-ready': vassal => `vassal ${vassal} is up`,
	'vassal-accepting': vassal => `vassal ${vassal} is ready to accept requests`,
	'vassal-loyal': vassal => `vassal ${vassal} is now loyal`,
	'vassal-heartbeat': vassal => `vassal ${vassal} sent a heartbeat`,
	'vassal-idle': vassal => `vassal ${vassal} is idle (die-on-idle)`,
	'vassal-reloading': (vassal, {reason}) => `reloading vassal ${vassal} (${reason})`,
	'vassal-overlap-started': (vassal, {generation, reason}) => `reloading vassal ${vassal} by overlap (${reason}): generation ${generation} starts beside the serving one`,
	'vassal-reloaded': (vassal, {generation, readyMs, previousPid}) => `vassal ${vassal} generation ${generation} accepts after ${readyMs} ms: it serves now, the old one (pid ${previousPid}) finishes its requests`,
	'vassal-reload-failed': (vassal, {generation, reason, servingPid}) => `vassal ${vassal} generation ${generation} ${reason}: the serving generation (pid ${servingPid}) keeps serving until the file changes again`,
	'vassal-retired': (vassal, {pid, generation}) => `vassal ${vassal} old generation ${generation} (pid ${pid}) is gone`,
	'vassal-stopping': (vassal, {reason}) => `stopping vassal ${vassal} (${reason})`,
	'vassal-killed': (vassal, {reason}) => `vassal ${vassal} killed with SIGKILL (${reason})`,
	'vassal-channel-closed': vassal => `vassal ${vassal} closed its emperor channel`,
	'vassal-exited': (vassal, {code, signal, reason}) =>
		`vassal ${vassal} exited (${signal ? `signal ${signal}` : `status ${code}`}, ${reason})`,
	'vassal-backoff': (vassal, {delayMs, reason, recentDeaths, restartPeriodMs}) => (reason === 'restart-intensity'
		? `vassal ${vassal} died ${recentDeaths} times in ${Number(restartPeriodMs) / 1000} s, respawning in ${delayMs} ms`
		: `vassal ${vassal} died before it served, respawning in ${delayMs} ms`),
	'vassal-respawning': vassal => `vassal ${vassal} died while serving, respawning at once`,
	'vassal-exiled': vassal => `vassal ${vassal} exited with status 26 (exile): not respawned until its file changes`,
	'vassal-removed': vassal => `vassal ${vassal} removed`,
	'vassal-byte-ignored': (vassal, {byte}) => `vassal ${vassal} sent byte ${byte}, ignored`,
	'vassal-on-demand': (vassal, {socket}) => `vassal ${vassal} is "on demand": waiting for connections on socket ${socket}`,
	'vassal-wake': (vassal, {socket}) => `vassal ${vassal} woken by a connection on socket ${socket}`,
	'vassal-listen-failed': (vassal, {reason}) => `vassal ${vassal} cannot listen on its on-demand socket: ${reason}`,
};

// the sentence logged with an event
export const describeEvent = (event: string, vassal: string, fields: Record<string, unknown> = {}): string =>
	MESSAGES[event]?.(vassal, fields) ?? `vassal ${vassal}: ${event}`;
