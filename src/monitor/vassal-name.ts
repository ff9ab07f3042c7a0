// uWSGI refuses names of 255 characters or more (core/emperor.c)
const MAX_NAME_LENGTH = 254;

// true for a file name the emperor runs as a vassal: `*.ini`, not hidden (editor locks and swap files are)
export const isVassalName = (name: string): boolean =>
	name.endsWith('.ini')
	&& name.length > '.ini'.length
	&& name.length <= MAX_NAME_LENGTH
	&& !name.startsWith('.')
	&& !name.includes('/')
	&& !name.includes('\0');
