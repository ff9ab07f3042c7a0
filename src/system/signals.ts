export type SignalHandlers = {
	readonly onStop: (signal: NodeJS.Signals) => void;
	readonly onReloadAll: () => void;
	readonly onLogVassals: () => void;
	readonly onRetryAll: () => void;
	readonly onRescan: () => void;
	readonly onSignal: (signal: NodeJS.Signals) => void;
};

// the emperor's signals, as a standalone uWSGI Emperor reads them; INT, TERM and QUIT all mean stop
export const EMPEROR_SIGNALS = {
	SIGINT: 'onStop',
	SIGTERM: 'onStop',
	SIGQUIT: 'onStop',
	SIGHUP: 'onReloadAll',
	SIGUSR1: 'onLogVassals',
	SIGURG: 'onRetryAll',
	SIGWINCH: 'onRescan',
} as const satisfies Partial<Record<NodeJS.Signals, keyof SignalHandlers>>;

// installs the signal handlers; returns a function that removes them
export const installSignalHandlers = (handlers: SignalHandlers): (() => void) => {
	const installed = Object.entries(EMPEROR_SIGNALS).map(([signal, handlerName]) => {
		const listener = function onEmperorSignal() {
			handlers.onSignal(signal as NodeJS.Signals);
			if (handlerName === 'onStop') handlers.onStop(signal as NodeJS.Signals);
			else handlers[handlerName]();
		};
		process.on(signal, listener);
		return () => process.off(signal, listener);
	});
	return () => {
		for (const remove of installed) remove();
	};
};
