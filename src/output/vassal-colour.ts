// the colour of a vassal's name on a terminal: the same name has the same colour in every run
/** ANSI foreground colours, red left out (it is the colour of errors): cyan, green, yellow, blue, magenta and their bright kin */
export const VASSAL_COLOURS = [36, 32, 33, 34, 35, 96, 92, 93, 94, 95] as const;

// FNV-1a over the name's UTF-16 units: cheap, and stable across runs and machines
const hashName = (name: string): number => {
	let hash = 0x811c9dc5;
	for (let index = 0; index < name.length; index++) hash = Math.imul(hash ^ name.charCodeAt(index), 0x01000193) >>> 0;
	return hash;
};

// the ANSI colour code of a vassal name
export const chooseVassalColour = (name: string): number => VASSAL_COLOURS[hashName(name) % VASSAL_COLOURS.length]!;
