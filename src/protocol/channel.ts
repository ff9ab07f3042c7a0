import type {Duplex} from 'node:stream';
import type {ByteToVassal} from './emperor-bytes.js';

export type Channel = {
	/** writes one byte; false when the channel is already closed */
	send: (byte: ByteToVassal) => boolean;
	close: () => void;
	isOpen: () => boolean;
};

export type ChannelHandlers = {
	onByte: (byte: number) => void;
	onClose: () => void;
};

// wraps the emperor's end of a vassal socketpair: bytes in, bytes out, one close notification
export const openChannel = (socket: Duplex, {onByte, onClose}: ChannelHandlers): Channel => {
	let open = true;
	const finish = () => {
		if (!open) return;
		open = false;
		onClose();
	};

	socket.on('data', function onChannelData(chunk: Buffer) {
		for (const byte of chunk) onByte(byte);
	});
	socket.on('end', finish);
	socket.on('close', finish);
	// EPIPE or ECONNRESET: the vassal is gone, which 'close' reports
	socket.on('error', () => {});

	return {
		send(byte) {
			if (!open || socket.destroyed || !socket.writable) return false;
			socket.write(Buffer.of(byte));
			return true;
		},
		close() {
			// closed by us after the vassal exited: no notification
			open = false;
			socket.destroy();
		},
		isOpen: () => open,
	};
};
