// what a new generation is started from: the file, or the kept text of the generation that served; and need-app for overlaps
import type {VassalConfig} from '../config/read-vassal-file.js';
import {pinFileMagic} from '../config/pin-file-magic.js';
import type {ProgramSpec} from '../config/program-spec.js';

/** uWSGI's config channel frames the text with a 16-bit size */
export const MAX_CHANNEL_CONFIG_BYTES = 65_535;

/** the config a generation was started from, as far as a later respawn needs it */
export type GenerationConfig = {
	readonly path?: string | undefined;
	/** the file's text when the generation started */
	readonly text?: string | undefined;
	/** the file sets need-app itself (any value): the emperor does not add it */
	readonly setsNeedApp: boolean;
	/** the text sent through the config channel, when the generation runs from a kept copy instead of the file */
	readonly keptText?: string | undefined;
	/** a program vassal: what runs instead of uWSGI (a kept one is simply this again) */
	readonly program?: ProgramSpec | undefined;
	/** the config is text from a source that is not a file (a pg:// row): it always goes through the config channel */
	readonly viaChannel?: boolean | undefined;
};

export type GenerationLaunchInput = {
	readonly latest: (VassalConfig & {readonly program?: ProgramSpec}) | undefined;
	/** the config of the generation that served, when the latest file failed to come up */
	readonly kept: GenerationConfig | undefined;
	/** reloads overlap: a generation must not report accepting with an app that failed to import */
	readonly overlaps: boolean;
};

export type GenerationLaunch = {readonly config: GenerationConfig; readonly extraArgs: readonly string[]};

const describeConfig = (config: GenerationLaunchInput['latest']): GenerationConfig => ({
	path: config?.path,
	text: config?.text,
	program: config?.program,
	viaChannel: config?.viaChannel,
	keptText: config?.viaChannel === true ? config.text : undefined,
	setsNeedApp: config?.entries.some(entry => entry.section === 'uwsgi' && entry.key === 'need-app') ?? false,
});

// the config and extra arguments of a new generation: a kept copy goes through the config channel, with the
// file's own magic variables (%d, %n …) filled in, since uWSGI leaves them empty for emperor:// configs
export const buildGenerationLaunch = ({latest, kept, overlaps}: GenerationLaunchInput): GenerationLaunch => {
	if (kept?.program !== undefined) return {config: kept, extraArgs: []};
	// a text that never was a file has no file magic to pin
	const keptText = kept?.viaChannel === true ? kept.text : kept?.text === undefined || kept.path === undefined ? undefined : pinFileMagic(kept.text, kept.path);
	const fits = keptText !== undefined && Buffer.byteLength(keptText) <= MAX_CHANNEL_CONFIG_BYTES;
	const config = fits ? {...kept!, keptText} : describeConfig(latest);
	// without need-app uWSGI 2.0 reports accepting and serves 500s from an app that failed to import
	return {config, extraArgs: overlaps && !config.setsNeedApp && config.program === undefined ? ['--need-app'] : []};
};
