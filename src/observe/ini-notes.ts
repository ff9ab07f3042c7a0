import {formatIniNote, type IniNote} from '../options/emperor-ini.js';
import type {Logger} from './logger.js';

// one line per emperor ini key that was ignored: a uWSGI option that does not apply here (info), an unknown one (warn)
export const logIniNotes = (notes: readonly IniNote[], logger: Logger): void => {
	for (const note of notes) {
		const fields = {event: 'emperor-option-ignored', file: note.file, line: note.line, key: note.key, reason: note.reason};
		if (note.isKnown) logger.info(fields, formatIniNote(note));
		else logger.warn(fields, formatIniNote(note));
	}
};
