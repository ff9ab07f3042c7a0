// the emperor as a container's PID 1 with no init in front: it would be the reaper of every orphan of its vassals'
// trees, which Node cannot be (libuv reaps only the children it spawned), so it says how to run it
import {VASSAL_EXEC_PATH} from '../vassal/vassal-exec.js';

// the warning for an emperor that is PID 1 itself, or undefined when something else is
export const describePidOne = (pid: number, initPath = VASSAL_EXEC_PATH): string | undefined =>
	(pid === 1
		? `the emperor is PID 1: orphans of its vassals are never reaped and stay zombies; run it under its init (${initPath} --init -- emperor …, as the shipped Dockerfile does) or docker run --init (docs/containers.md)`
		: undefined);
