import type {FileObservation} from '../monitor/directory-monitor.js';

// which source owns each vassal name: the first that produced it; later sources producing it wait, refused
export type NameClaim = {
	readonly owner: number;
	/** sources that also produce the name, with their latest observation, in the order they were seen */
	readonly waiting: Map<number, FileObservation>;
};
export type NameClaims = Map<string, NameClaim>;

// a source produced the name: it owns it if nobody did (or it already does); isNew when its refusal is news
export const claimName = (claims: NameClaims, observation: FileObservation, source: number): {isOwner: boolean; isNew: boolean; owner: number} => {
	const claim = claims.get(observation.name);
	if (claim === undefined) {
		claims.set(observation.name, {owner: source, waiting: new Map()});
		return {isOwner: true, isNew: true, owner: source};
	}
	if (claim.owner === source) return {isOwner: true, isNew: false, owner: source};
	const isNew = !claim.waiting.has(source);
	claim.waiting.set(source, observation);
	return {isOwner: false, isNew, owner: claim.owner};
};

// a source no longer produces the name: if it owned it, the first waiting source takes it over (next)
export const releaseName = (claims: NameClaims, name: string, source: number): {wasOwner: boolean; next?: {source: number; observation: FileObservation}} => {
	const claim = claims.get(name);
	if (claim === undefined) return {wasOwner: false};
	if (claim.owner !== source) {
		claim.waiting.delete(source);
		return {wasOwner: false};
	}
	const [first] = claim.waiting;
	if (first === undefined) {
		claims.delete(name);
		return {wasOwner: true};
	}
	const [nextSource, observation] = first;
	claim.waiting.delete(nextSource);
	claims.set(name, {owner: nextSource, waiting: claim.waiting});
	return {wasOwner: true, next: {source: nextSource, observation}};
};
