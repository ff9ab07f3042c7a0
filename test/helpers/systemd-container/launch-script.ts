// The shell that runs inside a private mount namespace (unshare --mount --propagation private) and becomes
// systemd-nspawn: it joins the container's own cgroups, mounts a throw-away overlay of the host's / (lower) over a
// tmpfs (upper), gives the copy a fresh identity, masks units that must not start inside, then execs nspawn.
// Parameters come as environment variables (CT_*); nspawn's arguments are "$@".
export const LAUNCH_SCRIPT = String.raw`
set -eu
for group in $CT_CGROUPS; do echo $$ > "$group/cgroup.procs"; done
mkdir -p "$CT_STATE/layers" "$CT_STATE/root"
mount -t tmpfs -o mode=0755 emperor-ct-layers "$CT_STATE/layers"
mkdir "$CT_STATE/layers/upper" "$CT_STATE/layers/work"
mount -t overlay -o "lowerdir=/,upperdir=$CT_STATE/layers/upper,workdir=$CT_STATE/layers/work" emperor-ct-root "$CT_STATE/root"
root="$CT_STATE/root"
# nspawn empties this directory when it exits, and refuses to on a disk file system
mkdir -p /run/systemd/nspawn
mount -t tmpfs -o mode=0755 emperor-ct-nspawn /run/systemd/nspawn
systemd-id128 new > "$root/etc/machine-id"
echo "$CT_NAME" > "$root/etc/hostname"
: > "$root/etc/fstab"
mkdir -p "$root/etc/systemd/system"
for unit in $CT_MASK; do ln -sf /dev/null "$root/etc/systemd/system/$unit"; done
ln -sf /lib/systemd/system/multi-user.target "$root/etc/systemd/system/default.target"
exec systemd-nspawn -D "$root" "$@"
`;

// units of the host's tree that are enabled there and would start (or fail) inside the copy
export const HOST_UNITS_TO_MASK = [
	'nginx.service', 'postgresql.service', 'postgresql@.service', 'uwsgi-emperor.service', 'uwsgi.service',
	'e2scrub_reap.service', 'systemd-timesyncd.service', 'getty@tty1.service', 'apt-daily.timer',
	'apt-daily-upgrade.timer', 'dpkg-db-backup.timer', 'e2scrub_all.timer', 'fstrim.timer', 'man-db.timer',
];

// the systemd-nspawn arguments for a booted container with only lo, no machined and no host systemd
export const makeNspawnArgs = (name: string, bindReadOnly: string[]): string[] => [
	'--boot',
	`--machine=${name}`,
	// there is no machined and no host systemd on the bus: register nothing, create no scope
	'--register=no',
	'--keep-unit',
	'--console=read-only',
	'--link-journal=no',
	'--resolv-conf=off',
	'--timezone=off',
	'--private-network',
	...bindReadOnly.map(path => `--bind-ro=${path}`),
];
