import {resolve} from 'node:path';
import {makeEntryIssue, type ConfigIssue} from './config-issue.js';
import type {IniEntry} from './parse-uwsgi-ini.js';
import {isSameSocket, parseSocketAddress} from './socket-address.js';
import type {VassalBinding} from './vassal-bindings.js';

// https://github.com/unbit/uwsgi/issues/608: a vassal that binds its own on-demand socket never comes back after
// die-on-idle; it inherits that socket on fd 0 and must not bind it. The socket is the last `socket` of the
// [emperor] section, read as written (no placeholders, as uWSGI 2.1 reads emperor attributes; src/on-demand too)
export const checkOnDemandSocket = (entries: readonly IniEntry[], bindings: readonly VassalBinding[], vassalsDirectory: string, file: string): ConfigIssue[] => {
	const onDemand = entries.findLast(entry => entry.section === 'emperor' && entry.key === 'socket' && typeof entry.value === 'string');
	if (onDemand === undefined) return [];
	const address = parseSocketAddress(onDemand.value as string, path => resolve(vassalsDirectory, path));
	if (address === undefined) return [];
	return bindings.filter(binding => isSameSocket(binding.address, address)).map(binding => makeEntryIssue(file, binding, 'error', 'VASSAL_BINDS_ON_DEMAND_SOCKET',
		`binds the on-demand socket of the [emperor] section (line ${onDemand.line}): the vassal inherits it on fd 0 and must not bind it, or it never comes back after die-on-idle`));
};
