#!/usr/bin/env bash
# Installs Debian packages for CI and the test homeserver. The two may run side by side (.ci/run
# sets up Synapse in the background while it installs poppler): apt takes one lock for the whole
# machine, so each waits for the other here instead of failing on "Could not get lock".
set -euo pipefail
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
apt_get() { $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 "$@"; }
exec 9>/tmp/iml-apt-install.lock
flock -w 900 9
apt_get update -qq
apt_get install -y -qq "$@" >/dev/null
