// the `emperor status` table: pure, from a stats document (ours or a real uWSGI Emperor's)

type VassalRow = {
	id?: unknown; pid?: unknown; state?: unknown; started_at?: unknown; last_run?: unknown; respawns?: unknown;
	last_exit?: unknown; backoff_until?: unknown; loyal?: unknown; ready?: unknown; accepting?: unknown; generations?: unknown; status?: unknown;
	memory?: unknown; cpu?: unknown;
};

type GenerationRow = {id?: unknown; role?: unknown; pid?: unknown; started_at?: unknown; ready?: unknown; accepting?: unknown};

const COLUMNS = ['VASSAL', 'STATE', 'PID', 'UPTIME', 'MEM', 'CPU', 'RESPAWNS', 'LAST EXIT', 'READINESS'] as const;

// the table is cut to this width when the terminal's is unknown (a pipe) or narrower
const MIN_WIDTH = 80;

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

// 512K, 38M, 1.4G (powers of 1024, as ps and top count; a decimal below 10); '-' where the document has none (a
// real uWSGI Emperor's)
export const formatBytes = (bytes: unknown): string => {
	if (typeof bytes !== 'number' || !Number.isFinite(bytes) || bytes < 0) return '-';
	const units = ['B', 'K', 'M', 'G', 'T'];
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit += 1;
	}
	return `${unit === 0 || value >= 10 ? Math.round(value) : value.toFixed(1)}${units[unit]}`;
};

// CPU seconds: 0.4s, 12.3s, then as an uptime (3m05s, 1h02m)
export const formatCpu = (seconds: unknown): string => {
	if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return '-';
	if (seconds < 60) return `${seconds.toFixed(1)}s`;
	return formatDuration(seconds);
};

const describeLastExit = (lastExit: unknown): string => {
	if (lastExit === null || typeof lastExit !== 'object') return '-';
	const {code, signal} = lastExit as {code?: unknown; signal?: unknown};
	return typeof signal === 'string' ? signal : `status ${String(code)}`;
};

// how far the current process got, from what it told the emperor: byte 17 (loyal: it served a request), byte 5
// (a worker accepts), byte 1 (its master is up)
export const describeReadiness = (row: VassalRow): string => {
	if (!(Number(row.pid) > 0)) return '-';
	if (Number(row.loyal)) return 'served';
	if (Number(row.accepting)) return 'accepting';
	if (Number(row.ready)) return 'master up';
	return '-';
};

// a real uWSGI Emperor has no state field: a pid means running, -1 means waiting for a connection
const stateOf = (row: VassalRow): string => (typeof row.state === 'string' ? row.state : Number(row.pid) > 0 ? 'running' : 'on-demand');

// the state, with the time left for a vassal waiting in backoff
const describeState = (row: VassalRow, nowSeconds: number): string => {
	const state = stateOf(row);
	const backoffUntil = Number(row.backoff_until ?? 0);
	return backoffUntil > nowSeconds ? `${state} ${formatDuration(backoffUntil - nowSeconds)}` : state;
};

const toCells = (row: VassalRow, nowSeconds: number): string[] => {
	const pid = Number(row.pid);
	const started = Number(row.started_at ?? row.last_run);
	return [
		String(row.id ?? '?'),
		describeState(row, nowSeconds),
		pid > 0 ? String(pid) : '-',
		pid > 0 && started > 0 ? formatDuration(nowSeconds - started) : '-',
		pid > 0 ? formatBytes(row.memory) : '-',
		pid > 0 ? formatCpu(row.cpu) : '-',
		String(row.respawns ?? 0),
		describeLastExit(row.last_exit),
		describeReadiness(row),
	];
};

// during an overlap, and while old generations finish their requests, a line under the vassal for each other process
const generationCells = (row: VassalRow, nowSeconds: number): {cells: string[]; state: string}[] => {
	const generations = Array.isArray(row.generations) ? (row.generations as GenerationRow[]) : [];
	return generations.filter(generation => generation.role === 'new' || generation.role === 'old').map(generation => {
		const pid = Number(generation.pid);
		const started = Number(generation.started_at);
		const state = generation.role === 'new' ? 'starting' : 'stopping';
		return {
			cells: [
				`  ${generation.role === 'new' ? '└ new' : '└ old'} #${String(generation.id ?? '?')}`, state, pid > 0 ? String(pid) : '-',
				pid > 0 && started > 0 ? formatDuration(nowSeconds - started) : '-', '', '', '', '',
				generation.role === 'new' ? describeReadiness({pid: generation.pid, ready: generation.ready, accepting: generation.accepting}) : 'finishing',
			],
			state,
		};
	});
};

// a program's STATUS= (sd_notify) on a line of its own under the vassal, cut to the table's width
const statusCells = (row: VassalRow): {cells: string[]; state: string; note: string}[] =>
	(typeof row.status === 'string' && row.status !== '' ? [{cells: COLUMNS.map(() => ''), state: '', note: `  └ ${row.status}`}] : []);

const truncate = (text: string, width: number) => (text.length <= width ? text : `${text.slice(0, width - 1)}…`);

const NAME_FLOOR = 20;

// a vassal's name cut to the column: a glob vassal's path keeps its end (/srv/a/uwsgi.ini and /srv/b/uwsgi.ini
// differ there), a file name its start
const truncateName = (name: string, width: number) =>
	(name.length <= width || !name.includes('/') ? truncate(name, width) : `…${name.slice(name.length - width + 1)}`);

const STATE_COLORS: Readonly<Record<string, number>> = {running: 32, starting: 36, reloading: 36, overlapping: 36, stopping: 33, backoff: 33, idle: 34, 'on-demand': 34, exiled: 31, invalid: 31};

// ANSI colour for a state cell, already padded, so columns stay aligned
const colorState = (cell: string, state: string) => (STATE_COLORS[state] === undefined ? cell : `\u001B[${STATE_COLORS[state]}m${cell}\u001B[0m`);

export type StatusFormat = {readonly color?: boolean; readonly width?: number};

// renders the vassals as an aligned table that fits the width (80 columns at least; long names are cut with …, a path at its start);
// colours on request
export const formatStatusTable = (document: {vassals?: unknown}, nowSeconds: number, options: StatusFormat = {}): string => {
	const vassals = Array.isArray(document.vassals) ? (document.vassals as VassalRow[]) : [];
	if (vassals.length === 0) return 'no vassals\n';
	const rows: {cells: string[]; state: string; note?: string}[] = vassals.flatMap(row => [{cells: toCells(row, nowSeconds), state: stateOf(row)}, ...generationCells(row, nowSeconds), ...statusCells(row)]);
	const widths = COLUMNS.map((title, index) => Math.max(title.length, ...rows.map(row => row.cells[index]!.length)));
	const fixed = widths.slice(1).reduce((sum, width) => sum + width + 2, 0);
	// a glob vassal's path keeps at least NAME_FLOOR columns, even past the terminal's width: cut further, its end
	// (…/a/uwsgi.ini) would no longer tell the vassals apart
	const floor = vassals.some(row => String(row.id).includes('/')) ? Math.min(widths[0]!, NAME_FLOOR) : 0;
	widths[0] = Math.max(COLUMNS[0].length, floor, Math.min(widths[0]!, Math.max(MIN_WIDTH, options.width ?? 0) - fixed));
	const render = (cells: readonly string[], state?: string) => cells
		.map((cell, index) => {
			const padded = (index === 0 ? truncateName : truncate)(cell, widths[index]!).padEnd(widths[index]!);
			return index === 1 && options.color && state !== undefined ? colorState(padded, state) : padded;
		})
		.join('  ').trimEnd();
	const total = widths.reduce((sum, width) => sum + width + 2, -2);
	return `${[render(COLUMNS), ...rows.map(row => (row.note === undefined ? render(row.cells, row.state) : truncate(row.note, total)))].join('\n')}\n`;
};

// one line on the emperor that answered: its pid, its vassal directory and how many vassals run
export const formatEmperorLine = (document: {pid?: unknown; emperor?: unknown; vassals?: unknown; sources?: unknown}): string => {
	// its sources as given (a glob, several directories, pg://), else uWSGI's one directory
	const specs = Array.isArray(document.sources) ? document.sources.map(source => (source as {spec?: unknown}).spec).filter((spec): spec is string => typeof spec === 'string') : [];
	const directory = specs.length > 0 ? specs.join(', ') : Array.isArray(document.emperor) && typeof document.emperor[0] === 'string' ? document.emperor[0] : '?';
	const vassals = Array.isArray(document.vassals) ? (document.vassals as VassalRow[]) : [];
	const running = vassals.filter(row => stateOf(row) === 'running').length;
	const count = vassals.length === 1 ? '1 vassal' : `${vassals.length} vassals`;
	return `emperor ${String(document.pid ?? '?')} governing ${directory}: ${count}, ${running} running\n`;
};

// what `emperor status` prints: the emperor's line, a blank line, the table
export const formatStatus = (document: {pid?: unknown; emperor?: unknown; vassals?: unknown; sources?: unknown}, nowSeconds: number, options: StatusFormat = {}): string =>
	`${formatEmperorLine(document)}\n${formatStatusTable(document, nowSeconds, options)}`;
