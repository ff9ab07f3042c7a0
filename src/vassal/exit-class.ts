// how a vassal's end reads in logs: uWSGI's own "nothing went wrong" statuses are clean
export type ExitClass = 'clean' | 'failure' | 'signal';

// 0, and uWSGI's GO_CHEAP (15), RELOAD (17), QUIET (29) and END (30): the SuccessExitStatus list of uWSGI units
export const CLEAN_EXIT_CODES: readonly number[] = [0, 15, 17, 29, 30];

// classifies a process end: killed by a signal, a clean status, or a failure
export const classifyExit = (code: number | null, signal: string | null): ExitClass => {
	if (signal !== null) return 'signal';
	return code !== null && CLEAN_EXIT_CODES.includes(code) ? 'clean' : 'failure';
};
