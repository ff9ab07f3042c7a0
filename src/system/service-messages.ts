// the sd_notify messages the emperor sends; the STATUS texts are uWSGI's, which monitoring scripts grep

export const READY = 'READY=1';
export const STOPPING = 'STOPPING=1';
export const WATCHDOG = 'WATCHDOG=1';
export const BURIED_STATUS = 'STATUS=The Emperor is buried.';

// the STATUS line for n vassals with a live process (uWSGI's text, whatever n is)
export const governingStatus = (count: number): string => `STATUS=The Emperor is governing ${count} vassals`;

// RELOADING=1 with the CLOCK_MONOTONIC time in µs that systemd 253+ uses to match the reload to its request
export const reloadingMessage = (monotonicUsec: bigint): string => `RELOADING=1\nMONOTONIC_USEC=${monotonicUsec}`;

// CLOCK_MONOTONIC now, in µs (process.hrtime reads that clock on Linux)
export const monotonicUsec = (): bigint => process.hrtime.bigint() / 1000n;
