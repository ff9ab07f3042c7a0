// which running emperor a command talks to: pure, from what a search of the control places found
import type {ControlPlace} from '../control/control-path.js';
import type {FoundEmperor, Search, UnreachableEmperor} from '../control/find-emperors.js';

export type Choice = {readonly ok: true; readonly emperor: FoundEmperor} | {readonly ok: false; readonly message: string};

const HOW_TO_PICK = 'pick one with --vassals DIR or --control PATH';

// one line per emperor: its vassal directory, pid and socket, aligned
export const listEmperors = (emperors: readonly FoundEmperor[]): string => {
	const width = Math.max(...emperors.map(emperor => (emperor.directory ?? '?').length));
	return emperors
		.map(emperor => `  ${(emperor.directory ?? '?').padEnd(width)}  pid ${String(emperor.pid ?? '?').padEnd(7)}  --control ${emperor.path}`)
		.join('\n');
};

// sockets that did not answer: one line for those that refuse this user (the kernel refuses a dead emperor's socket
// as it does a live one's), one line per other failure
const describeUnreachable = (unreachable: readonly UnreachableEmperor[]): string => {
	const isDenied = (entry: UnreachableEmperor) => entry.code === 'EACCES' || entry.code === 'EPERM';
	const denied = unreachable.filter(isDenied);
	const lines = unreachable.filter(entry => !isDenied(entry)).map(entry => entry.error);
	if (denied.length === 1) lines.unshift(denied[0]!.error);
	if (denied.length > 1) {
		const paths = denied.slice(0, 3).map(entry => entry.path).join(', ');
		lines.unshift(`${denied.length} control sockets refuse this user (${paths}${denied.length > 3 ? ', …' : ''}): another user's emperors, live or dead; run this as that user or as root`);
	}
	return lines.join('\n');
};

const describePlaces = (places: readonly ControlPlace[]) => places.map(place => (place.kind === 'directory' ? `${place.path}/` : place.path)).join(', ');

// the one emperor found, the one governing the directory asked for, or a message that says what to do
export const chooseEmperor = (search: Search, vassalsRealPath?: string): Choice => {
	const {found, unreachable, places} = search;
	if (vassalsRealPath !== undefined) {
		const match = found.find(emperor => emperor.realDirectory === vassalsRealPath || emperor.directory === vassalsRealPath);
		if (match !== undefined) return {ok: true, emperor: match};
		const running = found.length === 0 ? '' : `; running:\n${listEmperors(found)}`;
		const refused = unreachable.length === 0 ? '' : `\n${describeUnreachable(unreachable)}`;
		return {ok: false, message: `no emperor governing ${vassalsRealPath} answers${running}${refused}`};
	}
	if (found.length === 1) return {ok: true, emperor: found[0]!};
	if (found.length > 1) return {ok: false, message: `${found.length} emperors are running; ${HOW_TO_PICK}:\n${listEmperors(found)}`};
	const none = `no emperor is running for this user (looked in ${describePlaces(places)}); if it was started with --control PATH, pass the same --control PATH`;
	if (unreachable.length === 0) return {ok: false, message: none};
	return {ok: false, message: `${none}\n${describeUnreachable(unreachable)}`};
};
