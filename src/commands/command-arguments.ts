// the arguments of a command besides the emperor itself: `--flag VALUE`, `--flag=VALUE`, bare flags, and names

export type CommandArguments = {
	readonly values: Readonly<Record<string, string>>;
	readonly flags: ReadonlySet<string>;
	readonly names: readonly string[];
	/** flags not known to the command, or a value flag at the end without its value */
	readonly errors: readonly string[];
};

// splits argv by the value flags and bare flags a command knows; `--emperor` is read as `--vassals` (uWSGI spelling)
export const parseCommandArguments = (argv: readonly string[], known: {values: readonly string[]; flags: readonly string[]}): CommandArguments => {
	const values: Record<string, string> = {};
	const flags = new Set<string>();
	const names: string[] = [];
	const errors: string[] = [];
	for (let index = 0; index < argv.length; index++) {
		const argument = argv[index]!;
		if (!argument.startsWith('--')) {
			names.push(argument);
			continue;
		}
		const equals = argument.indexOf('=');
		const written = equals === -1 ? argument : argument.slice(0, equals);
		const flag = written === '--emperor' ? '--vassals' : written;
		if (known.values.includes(flag)) {
			const value = equals === -1 ? argv[++index] : argument.slice(equals + 1);
			if (value === undefined) errors.push(`${written} needs a value`);
			else values[flag] = value;
		} else if (known.flags.includes(flag) && equals === -1) flags.add(flag);
		else errors.push(`unknown option ${written}`);
	}
	return {values, flags, names, errors};
};
