import type {ConfigIssue} from '../config/config-issue.js';
import {loadVassalFile, loadVassalText, type VassalLoadOptions, type VassalLoadResult} from '../config/load-vassal-file.js';
import type {BindingClaim} from '../config/vassal-bindings.js';
import type {VassalFileTarget} from './collect-vassal-files.js';

/** the verdict on one file, its issues named by the path the operator gave */
export type FileVerdict = {readonly file: string; readonly ok: boolean; readonly issues: readonly ConfigIssue[]};

// checks files one after the other, as the emperor applies them: a socket goes to the first file that binds it
export const checkVassals = async (targets: readonly VassalFileTarget[], options: Omit<VassalLoadOptions, 'claims'>): Promise<FileVerdict[]> => {
	const claims: BindingClaim[] = [];
	const verdicts: FileVerdict[] = [];
	for (const target of targets) {
		const result: VassalLoadResult = target.issues !== undefined && target.issues.length > 0
			? {ok: false, issues: target.issues}
			: target.text === undefined
				? await loadVassalFile(target.directory, target.name, {...options, claims})
				: await loadVassalText(target.directory, target.name, target.text, {...options, claims});
		const issues = (result.ok ? result.warnings : result.issues).map(issue => ({...issue, file: target.display}));
		if (result.ok) claims.push({vassal: target.display, bindings: result.bindings});
		verdicts.push({file: target.display, ok: result.ok, issues});
	}
	return verdicts;
};
