import data from './data/uwsgi-options.json' with {type: 'json'};

// the option names of the installed uWSGI, from scripts/generate-uwsgi-options.mjs (its --help, core and plugins)
const CORE = new Set<string>(data.core);

const PLUGIN_OF = new Map<string, string>();
for (const [plugin, names] of Object.entries(data.plugins as Record<string, string[]>)) {
	for (const name of names) if (!CORE.has(name) && !PLUGIN_OF.has(name)) PLUGIN_OF.set(name, plugin);
}

/** every option name uWSGI knows, core and plugins */
export const UWSGI_OPTION_NAMES: readonly string[] = [...CORE, ...PLUGIN_OF.keys()].sort();

/** the uWSGI version the option list was generated from */
export const UWSGI_OPTIONS_VERSION: string = data.version;

// true when key is a uWSGI option (core or any plugin's); uWSGI compares names exactly
export const isUwsgiOption = (key: string): boolean => CORE.has(key) || PLUGIN_OF.has(key);

// the plugin that brings an option, or undefined for a core option or an unknown key
export const pluginOfOption = (key: string): string | undefined => PLUGIN_OF.get(key);
