import type {ExpandedEntry} from './expand-placeholders.js';
import {formatSocketAddress, isSameSocket, parseSocketAddress, type SocketAddress} from './socket-address.js';
import {canonicalOptionName, type VassalOptionName} from './vassal-schema.js';

/** a socket a vassal binds, with the line that asks for it */
export type VassalBinding = {readonly address: SocketAddress; readonly key: string; readonly line: number};

/** the sockets of another vassal, to refuse a second vassal on the same one */
export type BindingClaim = {readonly vassal: string; readonly bindings: readonly VassalBinding[]};

const BINDING_OPTIONS = new Set<VassalOptionName>(['socket', 'uwsgi-socket', 'http', 'http-socket', 'https', 'https-socket', 'fastcgi-socket', 'stats']);

// the sockets a vassal binds, from its resolved entries outside for/if blocks
export const collectBindings = (entries: readonly ExpandedEntry[], resolvePath: (path: string) => string, conditional: ReadonlySet<unknown>): VassalBinding[] =>
	entries.flatMap(entry => {
		const name = canonicalOptionName(entry.key);
		if (name === undefined || !BINDING_OPTIONS.has(name) || typeof entry.value !== 'string' || !entry.isResolved || conditional.has(entry)) return [];
		const address = parseSocketAddress(entry.value, resolvePath);
		return address === undefined ? [] : [{address, key: entry.key, line: entry.line}];
	});

/** a binding of this vassal that another vassal already claims */
export type BindingConflict = {readonly binding: VassalBinding; readonly holder: string; readonly held: VassalBinding};

// the first claim on each socket this vassal wants: the vassal already holding it keeps it
export const findBindingConflicts = (bindings: readonly VassalBinding[], claims: readonly BindingClaim[]): BindingConflict[] =>
	bindings.flatMap(binding => {
		for (const claim of claims) {
			const held = claim.bindings.find(candidate => isSameSocket(candidate.address, binding.address));
			if (held !== undefined) return [{binding, holder: claim.vassal, held}];
		}
		return [];
	});

// `socket *:8700 is already bound by api.ini (line 4, http-socket :8700)`
export const describeConflict = ({binding, holder, held}: BindingConflict): string =>
	`${formatSocketAddress(binding.address)} is already bound by ${holder} (line ${held.line}, ${held.key}): the second vassal is refused`;
