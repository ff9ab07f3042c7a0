import type {BindingClaim, VassalBinding} from './vassal-bindings.js';

/** which vassal binds which socket, for the running emperor: the first vassal keeps a socket, a second is refused */
export type BindingRegistry = {
	/** the sockets of every vassal but name */
	claimsExcept: (name: string) => BindingClaim[];
	/** name passed: it now binds these sockets */
	claim: (name: string, bindings: readonly VassalBinding[]) => void;
	/** name was refused: remembers the vassals holding its sockets, to try it again when they let go */
	refuse: (name: string, holders: readonly string[]) => void;
	/** name's file is gone: its sockets are free; returns the vassals refused because of it, to try again */
	release: (name: string) => string[];
};

// a registry of sockets per vassal name
export const makeBindingRegistry = (): BindingRegistry => {
	const claims = new Map<string, readonly VassalBinding[]>();
	const waiting = new Map<string, ReadonlySet<string>>();
	return {
		claimsExcept: name => [...claims].filter(([vassal]) => vassal !== name).map(([vassal, bindings]) => ({vassal, bindings})),
		claim(name, bindings) {
			claims.set(name, bindings);
			waiting.delete(name);
		},
		refuse(name, holders) {
			if (holders.length > 0) waiting.set(name, new Set(holders));
			else waiting.delete(name);
		},
		release(name) {
			claims.delete(name);
			waiting.delete(name);
			return [...waiting].filter(([, holders]) => holders.has(name)).map(([waiter]) => waiter);
		},
	};
};
