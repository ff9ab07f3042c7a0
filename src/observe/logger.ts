import {createRequire} from 'node:module';
import {pino, type Logger} from 'pino';
import type PinoPretty from 'pino-pretty';
import {formatEmperorMessage, formatPrettyLine} from '../output/pretty-line.js';
import {setVassalLineSink} from '../output/vassal-lines.js';

export type LogFormat = 'json' | 'pretty';
export type LoggerOptions = {readonly level: string; readonly format?: LogFormat | undefined};
export type {Logger};

// pino-pretty (~30 modules) is loaded only when the pretty format is chosen
const loadPretty = (): typeof PinoPretty => createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;

// pino JSON lines on stdout, or the same records made human-readable when stdout is a terminal; vassals' lines
// (src/output) go to the same place: `vassal-output` records, or on a terminal each line after its vassal's name
export const createLogger = ({level, format}: LoggerOptions): Logger => {
	const chosen = format ?? (process.stdout.isTTY ? 'pretty' : 'json');
	const base = {level, base: {pid: undefined, hostname: undefined}, messageKey: 'msg'};
	if (chosen === 'pretty') {
		const isColour = process.stdout.isTTY === true;
		const destination = pino.destination({fd: 1, sync: true});
		// one synchronous formatter on one destination: the emperor's lines and the vassals' keep their order
		const pretty = loadPretty().prettyFactory({
			colorize: isColour, singleLine: true, ignore: 'hostname,event,vassal', translateTime: 'SYS:HH:MM:ss.l',
			messageFormat: (log, messageKey) => formatEmperorMessage(String(log[messageKey] ?? ''), isColour),
		});
		setVassalLineSink((name, stream, text, time) => destination.write(formatPrettyLine(name, stream, text, time, isColour)));
		return pino({...base, base: undefined}, {write: (line: string) => destination.write(pretty(line))});
	}
	const logger = pino({...base, base: undefined, timestamp: pino.stdTimeFunctions.isoTime}, pino.destination({fd: 1, sync: true}));
	const output = logger.child({event: 'vassal-output'});
	setVassalLineSink((name, stream, text) => output.info({vassal: name, stream}, text));
	return logger;
};
