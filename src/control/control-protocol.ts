import {z} from '../lib/zod.js';

export const VASSAL_COMMANDS = ['reload', 'stop', 'retry'] as const;
export type VassalCommand = (typeof VASSAL_COMMANDS)[number];

/** `logs`: a vassal's recent lines (src/output); with follow, then one JSON line per new line until the client leaves */
export const logsRequestSchema = z.object({command: z.literal('logs'), vassal: z.string().min(1), lines: z.number().int().min(0).max(10_000).optional(), follow: z.boolean().optional()});
export type LogsRequest = z.infer<typeof logsRequestSchema>;

// one request per connection, one JSON line: a vassal command, `status` for the stats document, or `logs`
export const controlRequestSchema = z.discriminatedUnion('command', [
	z.object({command: z.enum(VASSAL_COMMANDS), vassal: z.string().min(1)}),
	z.object({command: z.literal('status')}),
	logsRequestSchema,
]);
/** the requests answered with one response line (a logs request is served apart, src/output/serve-logs.ts) */
export type ControlRequest = Exclude<z.infer<typeof controlRequestSchema>, LogsRequest>;

/** a failure to connect carries the errno code (`code`): ECONNREFUSED or ENOENT mean no emperor listens there */
export type ControlResponse = {readonly ok: true; readonly message: string; readonly result?: unknown} | {readonly ok: false; readonly error: string; readonly code?: string};

// reads one request line; a bad line is an error response, never a throw
export const parseControlRequest = (line: string): {ok: true; request: ControlRequest | LogsRequest} | {ok: false; error: string} => {
	let value: unknown;
	try {
		value = JSON.parse(line);
	} catch {
		return {ok: false, error: 'expected one JSON request line'};
	}
	const result = controlRequestSchema.safeParse(value);
	if (!result.success) return {ok: false, error: `expected {"command": "reload"|"stop"|"retry", "vassal": NAME} or {"command": "status"} or {"command": "logs", "vassal": NAME}, found ${line.slice(0, 200)}`};
	return {ok: true, request: result.data};
};
