#!/usr/bin/env bash
# Sets up emperor on Debian/Ubuntu, then runs it on vassals.example/ (`run`) or runs the whole test suite (`test`).
set -euo pipefail
cd "$(dirname "$0")/.."

# python3, make and g++ build the optional native unix-dgram (sd_notify) and run the tests' notify receiver;
# systemd brings systemd-notify (the sd_notify fallback) and systemd-analyze (the unit's test); installing it
# in a container starts nothing (its scripts do nothing unless systemd is PID 1), and a host already has it
# postgresql (15 on Debian 12) is the database of the pg:// tests, which start a cluster of their own in a temporary
# directory; uwsgi-plugin-emperor-pg is uWSGI's pg:// monitor, measured beside emperor's in bench/pg-source.ts
DEBIAN_PACKAGES=(uwsgi-core uwsgi-plugin-python3 nginx-light gunicorn uvicorn python3 make g++ systemd postgresql uwsgi-plugin-emperor-pg)

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_debian_packages() {
	local missing=()
	for package in "${DEBIAN_PACKAGES[@]}"; do
		dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
	done
	if [ "${#missing[@]}" -gt 0 ]; then
		echo "emperor setup: installing ${missing[*]}"
		as_root apt-get update -qq
		as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
	fi
	install_systemd_container
	stop_debian_postgresql
}

# Debian's postgresql package creates and starts a cluster of its own (main, port 5432): nothing here uses it, so it
# is stopped and left down, where a machine with no service manager running may have started it anyway
stop_debian_postgresql() {
	command -v pg_lsclusters >/dev/null || return 0
	pg_lsclusters --no-header 2>/dev/null | while read -r version cluster _port status _rest; do
		if [ "$status" = "online" ]; then
			echo "emperor setup: stopping Debian's PostgreSQL cluster $version/$cluster (the tests start their own)"
			as_root pg_ctlcluster "$version" "$cluster" stop || true
		fi
	done
}

# systemd-nspawn boots the real systemd that test/systemd/real-systemd.test.ts runs the unit under; pinned to the
# installed systemd's version so apt leaves systemd itself alone, and without recommends (libnss-mymachines
# would edit /etc/nsswitch.conf)
install_systemd_container() {
	dpkg-query -W -f='${Status}' systemd-container 2>/dev/null | grep -q 'install ok installed' && return
	local version install
	version=$(dpkg-query -W -f='${Version}' systemd)
	install=(env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "systemd-container=$version")
	echo "emperor setup: installing systemd-container=$version"
	as_root "${install[@]}" || { as_root apt-get update -qq && as_root "${install[@]}"; }
}

check_node() {
	if ! command -v node >/dev/null; then
		echo "emperor setup: Node.js >= 20.19 is required (https://nodejs.org or your distribution's nodejs 20)" >&2
		exit 1
	fi
	node -e 'const [major, minor] = process.versions.node.split(".").map(Number); process.exit(major > 20 || (major === 20 && minor >= 19) ? 0 : 1)' || {
		echo "emperor setup: Node.js >= 20.19 is required, found $(node --version)" >&2
		exit 1
	}
}

install_npm_packages() {
	# npm ci also builds dist/ (the prepare script)
	npm ci --no-audit --no-fund
}

check_node
install_debian_packages
install_npm_packages

case "${1:-run}" in
	run) exec dist/cli.js --vassals vassals.example "${@:2}" ;;
	test) exec npm test ;;
	*) echo "usage: scripts/setup.sh [run|test]" >&2; exit 2 ;;
esac
