// what a source is doing now, for logs, the stats document and metrics: every source has a kind and a state
export type SourceState =
	/** a directory or glob, watched */
	| 'watching'
	/** a pg:// source opening its connection */
	| 'connecting'
	/** a pg:// source connected, listening, and its last read succeeded */
	| 'connected'
	/** a pg:// source whose connection is lost or could not be made: vassals keep running, it reconnects */
	| 'down'
	/** a pg:// source connected whose query failed (a typo, a missing table): nothing changes until one succeeds */
	| 'query-failed';

export type SourceStatus = {
	/** the spec as given, with any password masked */
	readonly spec: string;
	readonly kind: 'dir' | 'glob' | 'pg';
	readonly state: SourceState;
	/** epoch milliseconds of the last change of state */
	readonly since: number;
	/** what the last change said (an error, or where it is connected) */
	readonly detail?: string | undefined;
};

// true when the source can see its vassals now
export const isSourceUp = (state: SourceState): boolean => state === 'watching' || state === 'connected';
