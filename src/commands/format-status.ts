// the `emperor status` table: pure, from a stats document (ours or a real uWSGI Emperor's)

type VassalRow = {
	id?: unknown; pid?: unknown; state?: unknown; started_at?: unknown; last_run?: unknown; respawns?: unknown;
	last_exit?: unknown; backoff_until?: unknown; loyal?: unknown; ready?: unknown; accepting?: unknown;
};

const COLUMNS = ['VASSAL', 'STATE', 'PID', 'UPTIME', 'RESP', 'LAST EXIT', 'BACKOFF', 'L R A'] as const;

// 1h02m, 3m05s, 42s
export const formatDuration = (seconds: number): string => {
	if (!Number.isFinite(seconds) || seconds < 0) return '-';
	const whole = Math.floor(seconds);
	if (whole < 1) return '<1s';
	if (whole < 60) return `${whole}s`;
	if (whole < 3600) return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`;
	if (whole < 86_400) return `${Math.floor(whole / 3600)}h${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')}m`;
	return `${Math.floor(whole / 86_400)}d${String(Math.floor((whole % 86_400) / 3600)).padStart(2, '0')}h`;
};

const describeLastExit = (lastExit: unknown): string => {
	if (lastExit === null || typeof lastExit !== 'object') return '-';
	const {code, signal} = lastExit as {code?: unknown; signal?: unknown};
	return typeof signal === 'string' ? signal : `status ${String(code)}`;
};

// a real uWSGI Emperor has no state field: a pid means running, -1 means waiting for a connection
const stateOf = (row: VassalRow): string => (typeof row.state === 'string' ? row.state : Number(row.pid) > 0 ? 'running' : 'on-demand');

const toCells = (row: VassalRow, nowSeconds: number): string[] => {
	const pid = Number(row.pid);
	const started = Number(row.started_at ?? row.last_run);
	const backoffUntil = Number(row.backoff_until ?? 0);
	return [
		String(row.id ?? '?'),
		stateOf(row),
		pid > 0 ? String(pid) : '-',
		pid > 0 && started > 0 ? formatDuration(nowSeconds - started) : '-',
		String(row.respawns ?? 0),
		describeLastExit(row.last_exit),
		backoffUntil > 0 ? formatDuration(backoffUntil - nowSeconds) : '-',
		[row.loyal, row.ready, row.accepting].map(flag => (Number(flag) ? '✓' : '·')).join(' '),
	];
};

const truncate = (text: string, width: number) => (text.length <= width ? text : `${text.slice(0, width - 1)}…`);

const STATE_COLORS: Readonly<Record<string, number>> = {running: 32, starting: 36, reloading: 36, stopping: 33, backoff: 33, idle: 34, 'on-demand': 34, exiled: 31, invalid: 31};

// ANSI colour for a state cell, already padded, so columns stay aligned
const colorState = (cell: string, state: string) => (STATE_COLORS[state] === undefined ? cell : `\u001B[${STATE_COLORS[state]}m${cell}\u001B[0m`);

// renders the vassals as an aligned table that fits 80 columns (long names are cut with …); colours on request
export const formatStatusTable = (document: {vassals?: unknown}, nowSeconds: number, options: {color?: boolean} = {}): string => {
	const vassals = Array.isArray(document.vassals) ? (document.vassals as VassalRow[]) : [];
	if (vassals.length === 0) return 'no vassals\n';
	const rows = vassals.map(row => toCells(row, nowSeconds));
	const widths = COLUMNS.map((title, index) => Math.max(title.length, ...rows.map(row => row[index]!.length)));
	const fixed = widths.slice(1).reduce((sum, width) => sum + width + 2, 0);
	widths[0] = Math.max(COLUMNS[0].length, Math.min(widths[0]!, 80 - fixed));
	const render = (cells: readonly string[], isHeader = false) => cells
		.map((cell, index) => {
			const padded = truncate(cell, widths[index]!).padEnd(widths[index]!);
			return index === 1 && options.color && !isHeader ? colorState(padded, cell) : padded;
		})
		.join('  ').trimEnd();
	return `${[render(COLUMNS, true), ...rows.map(row => render(row))].join('\n')}\n`;
};
