import type {ConfigIssue} from '../config/config-issue.js';

/** a vassal's config as a source that is not a file hands it over (a pg:// row): the text itself, not a path */
export type VassalContent = {
	/** the config text, sent to the vassal through the config channel (`--ini emperor://NAME`) */
	readonly text: string;
	/** the on-demand socket the source gives (pg's sixth column) */
	readonly socket?: string | undefined;
	/** why the source refuses this version (a config too large, a uid that is not a number): rejected as a bad file is */
	readonly issues?: readonly ConfigIssue[] | undefined;
};
