// which running emperor a command talks to: pure, from what a search of the control places found
import type {ControlPlace} from '../control/control-path.js';
import type {FoundEmperor, Search} from '../control/find-emperors.js';

export type Choice = {readonly ok: true; readonly emperor: FoundEmperor} | {readonly ok: false; readonly message: string};

const HOW_TO_PICK = 'pick one with --vassals DIR or --control PATH';

// one line per emperor: its vassal directory, pid and socket, aligned
export const listEmperors = (emperors: readonly FoundEmperor[]): string => {
	const width = Math.max(...emperors.map(emperor => (emperor.directory ?? '?').length));
	return emperors
		.map(emperor => `  ${(emperor.directory ?? '?').padEnd(width)}  pid ${String(emperor.pid ?? '?').padEnd(7)}  --control ${emperor.path}`)
		.join('\n');
};

const describePlaces = (places: readonly ControlPlace[]) => places.map(place => (place.kind === 'directory' ? `${place.path}/` : place.path)).join(', ');

// the one emperor found, the one governing the directory asked for, or a message that says what to do
export const chooseEmperor = (search: Search, vassalsRealPath?: string): Choice => {
	const {found, unreachable, places} = search;
	if (vassalsRealPath !== undefined) {
		const match = found.find(emperor => emperor.realDirectory === vassalsRealPath || emperor.directory === vassalsRealPath);
		if (match !== undefined) return {ok: true, emperor: match};
		const running = found.length === 0 ? '' : `; running:\n${listEmperors(found)}`;
		const refused = unreachable.length === 0 ? '' : `\n${unreachable.map(entry => entry.error).join('\n')}`;
		return {ok: false, message: `no emperor governing ${vassalsRealPath} answers${running}${refused}`};
	}
	if (found.length === 1) return {ok: true, emperor: found[0]!};
	if (found.length > 1) return {ok: false, message: `${found.length} emperors are running; ${HOW_TO_PICK}:\n${listEmperors(found)}`};
	if (unreachable.length > 0) return {ok: false, message: unreachable.map(entry => entry.error).join('\n')};
	return {ok: false, message: `no emperor is running for this user (looked in ${describePlaces(places)}); if it was started with --control PATH, pass the same --control PATH`};
};
