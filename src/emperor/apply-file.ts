import type {ConfigIssue} from '../config/config-issue.js';
import {formatConfigIssue} from '../config/config-issue.js';
import {makeBindingRegistry} from '../config/binding-registry.js';
import {loadVassalFile, loadVassalText, type VassalLoadOptions, type VassalLoadResult} from '../config/load-vassal-file.js';
import type {FileObservation} from '../monitor/directory-monitor.js';
import type {FileFingerprint} from '../monitor/file-fingerprint.js';
import type {Logger} from '../observe/logger.js';
import type {OnDemandDiscovery} from '../on-demand/discover-socket.js';
import {prepareOnDemand} from '../on-demand/prepare-on-demand.js';
import {checkUnprivilegedUser, lastOptionValue} from '../system/privileges.js';
import {checkTyrantUser, decideTyrantOwner, type Owner} from '../system/tyrant.js';
import type {UserDatabase} from '../system/user-database.js';
import type {Vassal} from '../vassal/vassal.js';
import {planFileAction} from './reconcile.js';

export type FileApplierContext = {
	readonly directory: string;
	/** the directory a vassal's name is relative to, when it is not directory (a glob vassal's: the emperor's cwd) */
	readonly directoryOf?: (name: string) => string;
	readonly vassals: Map<string, Vassal>;
	readonly createVassal: (name: string) => Vassal;
	readonly logger: Logger;
	readonly isShuttingDown: () => boolean;
	readonly tyrant: {readonly enabled: boolean; readonly nofollow: boolean};
	/** who the emperor is now (it may have dropped privileges after start) */
	readonly emperorUser: () => {readonly uid: number; readonly gid: number};
	readonly users: () => UserDatabase;
	/** applies an observation again, through the emperor's per-name queue, after delayMs */
	readonly reapply: (observation: FileObservation, delayMs: number) => void;
	/** how every file is read: --strict, --vassal-set presets, the binary for plugin checks */
	readonly loadOptions?: VassalLoadOptions;
	/** how vassals name their on-demand socket (--emperor-on-demand-*) */
	readonly onDemand?: OnDemandDiscovery;
};

// how long a file read that failed for want of descriptors or memory waits before it is tried again
const READ_RETRY_MS = 1000;

const isSameOwner = (a: Owner | undefined, b: Owner | undefined) => a?.uid === b?.uid && a?.gid === b?.gid;

// turns settled file observations into vassal events: validate before apply, and in tyrant mode check the owner first
export const makeFileApplier = (context: FileApplierContext) => {
	const {directory, vassals, logger} = context;
	const known = new Map<string, FileFingerprint>();
	// the config text of names whose source hands it over (pg:// rows), for a retry or a waiter's turn
	const contents = new Map<string, FileObservation['content']>();
	// sockets per vassal: a second vassal on the same socket is refused, and tried again once the first one's file is gone
	const bindings = makeBindingRegistry();

	const vassalNamed = (name: string) => {
		const vassal = vassals.get(name) ?? context.createVassal(name);
		vassals.set(name, vassal);
		return vassal;
	};

	// a refused file never spawns; a running vassal keeps its last good config, unless tyrant mode refused the file itself
	const reject = (vassal: Vassal, issues: readonly ConfigIssue[], stopsRunning: boolean) => {
		const keeps = vassal.isLive() && !stopsRunning;
		logger.error({
			event: 'vassal-config-invalid', vassal: vassal.name, code: 'VASSAL_CONFIG_INVALID', issues,
			kept: keeps ? 'the running instance keeps its last good config' : undefined,
		}, `vassal ${vassal.name} rejected: ${issues.map(formatConfigIssue).join('; ')}`);
		if (vassal.isLive() && stopsRunning) vassal.dispatch({type: 'stop', reason: 'refused'});
		else vassal.dispatch({type: 'config-invalid'});
	};

	const decideOwner = (name: string, fingerprint: FileFingerprint): {owner?: Owner; issue?: ConfigIssue} => {
		if (!context.tyrant.enabled) return {};
		const decision = decideTyrantOwner(fingerprint, context.tyrant.nofollow);
		if (decision.ok) return {owner: decision.owner};
		return {issue: {file: name, code: decision.code, severity: 'error', message: decision.message}};
	};

	// the checks that need the config and this machine's users: tyrant owner, or an unprivileged emperor
	const checkUser = (name: string, sections: Parameters<typeof lastOptionValue>[0], owner: Owner | undefined): ConfigIssue | undefined => {
		const options = {uid: lastOptionValue(sections, 'uid'), gid: lastOptionValue(sections, 'gid')};
		const message = owner === undefined
			? checkUnprivilegedUser(options, context.emperorUser(), context.users())
			: checkTyrantUser(options, owner, context.users());
		return message === undefined ? undefined : {file: name, key: options.uid === undefined ? 'gid' : 'uid', code: 'VASSAL_USER_IMPOSSIBLE', severity: 'error', message};
	};

	// a file is read from disk; a source's text is checked exactly as a file is, or refused with the source's own issues
	const loadConfig = (vassalDirectory: string, name: string, content: FileObservation['content'], options: VassalLoadOptions): Promise<VassalLoadResult> => {
		if (content === undefined) return loadVassalFile(vassalDirectory, name, options);
		if (content.issues !== undefined && content.issues.length > 0) return Promise.resolve({ok: false, issues: content.issues});
		return loadVassalText(vassalDirectory, name, content.text, options);
	};

	return async function applyObservation({name, fingerprint, isRetry, content}: FileObservation & {isRetry?: boolean}): Promise<void> {
		// a newer observation was applied while this retry waited
		if (isRetry && known.has(name)) return;
		if (fingerprint === undefined) contents.delete(name);
		else if (content !== undefined) contents.set(name, content);
		const existing = vassals.get(name);
		const action = planFileAction(existing?.record, known.get(name), fingerprint, context.tyrant.enabled);
		if (fingerprint === undefined || action === 'remove') {
			known.delete(name);
			contents.delete(name);
			for (const waiter of bindings.release(name)) {
				const waiterFingerprint = known.get(waiter);
				known.delete(waiter);
				if (waiterFingerprint !== undefined) context.reapply({name: waiter, fingerprint: waiterFingerprint, content: contents.get(waiter)}, 0);
			}
			existing?.dispatch({type: 'file-removed'});
			return;
		}
		known.set(name, fingerprint);
		if (action === 'ignore') return;
		const {owner, issue} = decideOwner(name, fingerprint);
		if (issue !== undefined) return reject(vassalNamed(name), [issue], true);
		// a vassal that never had a good config is read like a new file: only its permissions kept it out
		if (action === 'permissions-changed' && existing!.config !== undefined && existing!.record.state !== 'invalid') {
			const vassal = existing!;
			if (!isSameOwner(vassal.owner, owner)) {
				logger.warn({event: 'vassal-owner-changed', vassal: name, uid: owner?.uid, gid: owner?.gid}, `permissions of ${name} changed: restarting it as uid ${owner?.uid} gid ${owner?.gid}`);
				vassal.setOwner(owner);
				vassal.dispatch({type: 'restart'});
			} else if (!vassal.isLive()) {
				vassal.dispatch({type: 'file-changed'});
			}
			return;
		}
		const vassalDirectory = context.directoryOf?.(name) ?? directory;
		const result = await loadConfig(vassalDirectory, name, content, {...context.loadOptions, claims: bindings.claimsExcept(name)});
		if (context.isShuttingDown()) return;
		const vassal = vassalNamed(name);
		if (!result.ok && result.issues.some(problem => problem.code === 'VASSAL_FILE_READ_LATER')) {
			// not the file's fault: keep what runs, forget this version so the retry (or a newer one) applies it
			logger.warn({event: 'vassal-read-deferred', vassal: name, issues: result.issues}, result.issues.map(formatConfigIssue).join('; '));
			known.delete(name);
			context.reapply({name, fingerprint, content}, READ_RETRY_MS);
			return;
		}
		if (!result.ok) {
			bindings.refuse(name, result.conflictsWith ?? []);
			return reject(vassal, result.issues, false);
		}
		const userIssue = checkUser(name, result.config.sections, owner);
		if (userIssue !== undefined) return reject(vassal, [userIssue], false);
		const onDemand = await prepareOnDemand({...context.onDemand, fromSource: content?.socket}, {...result.config, directory: vassalDirectory, bindings: result.bindings, users: context.users});
		if (context.isShuttingDown()) return;
		if (!onDemand.ok) return reject(vassal, [onDemand.issue], false);
		for (const warning of [...result.warnings, ...(onDemand.warnings ?? [])]) logger[warning.severity === 'info' ? 'info' : 'warn']({event: 'vassal-config-warning', vassal: name, issue: warning}, formatConfigIssue(warning));
		const isNewOwner = vassal.owner !== undefined && !isSameOwner(vassal.owner, owner);
		bindings.claim(name, result.bindings);
		vassal.setConfig(result.config, Number(fingerprint.mtimeNs / 1_000_000n));
		vassal.setOwner(owner);
		vassal.setOnDemand(onDemand.plan);
		vassal.dispatch({type: isNewOwner ? 'restart' : action === 'add' && existing === undefined ? 'file-added' : 'file-changed'});
	};
};
