import {fileURLToPath} from 'node:url';

// /etc/uwsgi-emperor/emperor.ini as Debian 12's uwsgi-emperor 2.0.21-5.1 ships it
export const DEBIAN_EMPEROR_INI = fileURLToPath(new URL('../fixtures/emperor-ini/debian-uwsgi-emperor.ini', import.meta.url));
