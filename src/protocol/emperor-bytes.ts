// the single-byte emperor protocol, as uWSGI 2.0 speaks it on UWSGI_EMPEROR_FD

// bytes the emperor writes to a vassal
export const TO_VASSAL = {
	stop: 0,
	reload: 1,
	gracefulStop: 2,
} as const;

// bytes a vassal writes to the emperor
export const FROM_VASSAL = {
	ready: 1,
	configRequest: 2,
	accepting: 5,
	loyal: 17,
	idle: 22,
	heartbeat: 26,
	broodlordSos: 30,
} as const;

export type ByteToVassal = (typeof TO_VASSAL)[keyof typeof TO_VASSAL];
export type ByteName = keyof typeof FROM_VASSAL;

const NAMES_BY_BYTE = new Map<number, ByteName>(
	Object.entries(FROM_VASSAL).map(([name, byte]) => [byte, name as ByteName]),
);

// names a byte received from a vassal, or undefined for bytes the protocol does not define
export const nameVassalByte = (byte: number): ByteName | undefined => NAMES_BY_BYTE.get(byte);
