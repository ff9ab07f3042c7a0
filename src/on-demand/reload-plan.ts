// how a vassal on a held socket reloads: a new generation beside the old one (overlap), or uWSGI's byte 1 (in-place)
import type {ConfigIssue} from '../config/config-issue.js';
import type {IniEntry} from '../config/parse-uwsgi-ini.js';
import {formatSocketAddress} from '../config/socket-address.js';
import type {VassalBinding} from '../config/vassal-bindings.js';
import type {ReloadMode} from '../vassal/vassal-state.js';

/** `[emperor] reload` and `reload-timeout`, as the table needs them */
export type ReloadPlan = {readonly mode: ReloadMode; readonly timeoutMs?: number | undefined};

export type ReloadPlanResult =
	| {readonly ok: true; readonly plan: ReloadPlan; readonly warnings: readonly ConfigIssue[]}
	| {readonly ok: false; readonly issue: ConfigIssue};

const lastEmperorEntry = (entries: readonly IniEntry[], key: string): IniEntry | undefined =>
	entries.findLast(entry => entry.section === 'emperor' && entry.key === key);

const refuse = (file: string, entry: IniEntry, key: string, message: string): ReloadPlanResult =>
	({ok: false, issue: {file, line: entry.line, key, code: 'VASSAL_RELOAD_INVALID', severity: 'error', message}});

// reads `[emperor] reload = overlap | in-place` and `reload-timeout = SECONDS`; refuses what breaks a shared socket
// (shutdown-sockets); a vassal that binds sockets of its own cannot run two generations: it reloads in place, with a warning
export const planReload = (entries: readonly IniEntry[], bindings: readonly VassalBinding[], file: string): ReloadPlanResult => {
	const modeEntry = lastEmperorEntry(entries, 'reload');
	const modeText = modeEntry === undefined ? 'overlap' : String(modeEntry.value).trim().toLowerCase();
	if (modeText !== 'overlap' && modeText !== 'in-place') {
		return refuse(file, modeEntry!, 'reload', `[emperor] reload: expected overlap or in-place, found ${JSON.stringify(modeEntry!.value)}`);
	}
	const timeoutEntry = lastEmperorEntry(entries, 'reload-timeout');
	const seconds = timeoutEntry === undefined ? undefined : Number(String(timeoutEntry.value).trim());
	if (timeoutEntry !== undefined && (seconds === undefined || !Number.isFinite(seconds) || seconds <= 0)) {
		return refuse(file, timeoutEntry, 'reload-timeout', `[emperor] reload-timeout: expected a positive number of seconds, found ${JSON.stringify(timeoutEntry.value)}`);
	}
	const shutdownSockets = entries.find(entry => entry.section === 'uwsgi' && entry.key === 'shutdown-sockets' && !['false', '0', 'no', 'off', 'n'].includes(String(entry.value).toLowerCase()));
	if (shutdownSockets !== undefined) {
		return refuse(file, shutdownSockets, 'shutdown-sockets', 'shutdown-sockets shuts down the socket the emperor holds for the vassal, for every generation and for the emperor itself; remove the line');
	}
	const timeoutMs = seconds === undefined ? undefined : seconds * 1000;
	const own = bindings[0];
	if (modeText === 'in-place' || own === undefined) return {ok: true, plan: {mode: modeText as ReloadMode, timeoutMs}, warnings: []};
	const warning: ConfigIssue = {
		file, line: own.line, key: own.key, code: 'VASSAL_RELOAD_IN_PLACE', severity: 'warning',
		message: `${own.key} = ${formatSocketAddress(own.address)} is a socket of the vassal's own: two generations cannot both bind it, so this vassal reloads in place (byte 1), not by overlap; move it to a held socket or write [emperor] reload = in-place`,
	};
	return {ok: true, plan: {mode: 'in-place', timeoutMs}, warnings: [warning]};
};
