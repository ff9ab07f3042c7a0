import {createRequire} from 'node:module';
import {pino, type Logger} from 'pino';
import type PinoPretty from 'pino-pretty';

export type LogFormat = 'json' | 'pretty';
export type LoggerOptions = {readonly level: string; readonly format?: LogFormat | undefined};
export type {Logger};

// pino-pretty (~30 modules) is loaded only when the pretty format is chosen
const loadPretty = (): typeof PinoPretty => createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;

// pino JSON lines on stdout, or the same records made human-readable when stdout is a terminal
export const createLogger = ({level, format}: LoggerOptions): Logger => {
	const chosen = format ?? (process.stdout.isTTY ? 'pretty' : 'json');
	const base = {level, base: {pid: undefined, hostname: undefined}, messageKey: 'msg'};
	if (chosen === 'pretty') {
		return pino({...base, base: undefined}, loadPretty()({sync: true, colorize: process.stdout.isTTY, singleLine: true, ignore: 'hostname,event,vassal', translateTime: 'SYS:HH:MM:ss.l'}));
	}
	return pino({...base, base: undefined, timestamp: pino.stdTimeFunctions.isoTime}, pino.destination({fd: 1, sync: true}));
};
