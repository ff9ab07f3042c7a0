// uWSGI refuses names of 255 characters or more (core/emperor.c)
const MAX_NAME_LENGTH = 254;

/** what a vassal file's name ends with */
export const VASSAL_SUFFIX = '.ini';

// true for a file name the emperor runs as a vassal: `*.ini`, not hidden (editor locks and swap files are)
export const isVassalName = (name: string): boolean =>
	name.endsWith(VASSAL_SUFFIX)
	&& name.length > VASSAL_SUFFIX.length
	&& name.length <= MAX_NAME_LENGTH
	&& !name.startsWith('.')
	&& !name.includes('/')
	&& !name.includes('\0');
