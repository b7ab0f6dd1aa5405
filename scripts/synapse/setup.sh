#!/usr/bin/env bash
# A real Synapse homeserver on 127.0.0.1 for the Matrix end-to-end tests.
# Debian bookworm has no Synapse, sid has it: we install it once into a sid chroot cached
# outside the repository (SYNAPSE_ROOT, default /opt/synapse-test), so a second run only starts it.
# Each start begins from an empty homeserver database, then registers the bot and two members and
# writes their credentials to $SYNAPSE_ROOT/run/accounts.env for the tests.
#   scripts/synapse/setup.sh          install if needed, (re)start, create accounts
#   scripts/synapse/setup.sh stop     stop the homeserver
# Needs root (debootstrap, chroot) and Debian's mirror.
set -euo pipefail

ROOT="${SYNAPSE_ROOT:-/opt/synapse-test}"
CHROOT="$ROOT/rootfs"
RUN="$ROOT/run"
PORT="${SYNAPSE_PORT:-8008}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
URL="http://127.0.0.1:$PORT"
log() { echo "[synapse] $*"; }

stop() {
  if [[ -f "$RUN/synapse.pid" ]]; then
    local pid
    pid=$(cat "$RUN/synapse.pid")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$RUN/synapse.pid"
  fi
  for m in dev/pts dev proc; do
    mountpoint -q "$CHROOT/$m" && umount -l "$CHROOT/$m" || true
  done
}

if [[ "${1:-}" == "stop" ]]; then stop; log "stopped"; exit 0; fi
[[ $(id -u) -eq 0 ]] || { echo "setup.sh must run as root (debootstrap and chroot)" >&2; exit 1; }

mount_chroot() {
  mountpoint -q "$CHROOT/proc" || mount -t proc proc "$CHROOT/proc"
  mountpoint -q "$CHROOT/dev" || mount --bind /dev "$CHROOT/dev"
  mountpoint -q "$CHROOT/dev/pts" || mount --bind /dev/pts "$CHROOT/dev/pts"
  cp /etc/resolv.conf "$CHROOT/etc/resolv.conf"
}

install_chroot() {
  log "installing Debian sid and matrix-synapse into $CHROOT (once; a few minutes)"
  command -v debootstrap >/dev/null || "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/apt-install.sh" debootstrap
  if [[ ! -d "$CHROOT" ]]; then
    rm -rf "$CHROOT.partial"
    mkdir -p "$ROOT"
    debootstrap --variant=minbase --include=ca-certificates sid "$CHROOT.partial" "$MIRROR"
    mv "$CHROOT.partial" "$CHROOT"
  fi
  mount_chroot
  # Mirrors that serve a snapshot of sid carry a Release file past its Valid-Until date.
  echo 'Acquire::Check-Valid-Until "false";' >"$CHROOT/etc/apt/apt.conf.d/99no-valid-until"
  # Packages must not start services inside the chroot.
  printf '#!/bin/sh\nexit 101\n' >"$CHROOT/usr/sbin/policy-rc.d"
  chmod +x "$CHROOT/usr/sbin/policy-rc.d"
  chroot "$CHROOT" /bin/sh -c 'echo "matrix-synapse matrix-synapse/server-name string localhost" | debconf-set-selections; echo "matrix-synapse matrix-synapse/report-stats boolean false" | debconf-set-selections'
  chroot "$CHROOT" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  chroot "$CHROOT" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends matrix-synapse
  chroot "$CHROOT" apt-get clean
  touch "$CHROOT/.synapse-installed"
}

configure() {
  local dir="$CHROOT/srv/synapse"
  mkdir -p "$dir"
  if [[ ! -f "$dir/homeserver.yaml" ]]; then
    chroot "$CHROOT" sh -c 'cd /srv/synapse && python3 -m synapse.app.homeserver --generate-config --server-name localhost --report-stats no --config-path /srv/synapse/homeserver.yaml --data-directory /srv/synapse >/dev/null'
  fi
  # Overrides appended last win over the generated values (YAML: later keys replace earlier ones).
  cat >"$dir/overrides.yaml" <<YAML
listeners:
  - port: $PORT
    bind_addresses: ['127.0.0.1']
    type: http
    tls: false
    x_forwarded: false
    resources:
      - names: [client]
        compress: false
database:
  name: sqlite3
  args:
    database: /srv/synapse/homeserver.db
enable_registration: true
enable_registration_without_verification: true
trusted_key_servers: []
suppress_key_server_warning: true
encryption_enabled_by_default_for_room_type: invite
log_config: /srv/synapse/log.yaml
media_store_path: /srv/synapse/media
rc_message: { per_second: 1000, burst_count: 1000 }
rc_registration: { per_second: 1000, burst_count: 1000 }
rc_login:
  address: { per_second: 1000, burst_count: 1000 }
  account: { per_second: 1000, burst_count: 1000 }
  failed_attempts: { per_second: 1000, burst_count: 1000 }
rc_joins:
  local: { per_second: 1000, burst_count: 1000 }
  remote: { per_second: 1000, burst_count: 1000 }
rc_invites:
  per_room: { per_second: 1000, burst_count: 1000 }
  per_user: { per_second: 1000, burst_count: 1000 }
  per_issuer: { per_second: 1000, burst_count: 1000 }
rc_key_requests: { per_second: 1000, burst_count: 1000 }
rc_3pid_validation: { per_second: 1000, burst_count: 1000 }
rc_admin_redaction: { per_second: 1000, burst_count: 1000 }
YAML
  cat >"$dir/log.yaml" <<YAML
version: 1
formatters:
  precise: { format: '%(asctime)s - %(name)s - %(lineno)d - %(levelname)s - %(message)s' }
handlers:
  file: { class: logging.FileHandler, formatter: precise, filename: /srv/synapse/homeserver.log }
root: { level: WARNING, handlers: [file] }
disable_existing_loggers: false
YAML
}

start() {
  local dir="$CHROOT/srv/synapse"
  rm -f "$dir/homeserver.db" "$dir/homeserver.db-wal" "$dir/homeserver.db-shm" "$dir/homeserver.log"
  mkdir -p "$RUN"
  log "starting on $URL"
  chroot "$CHROOT" sh -c 'cd /srv/synapse && exec python3 -m synapse.app.homeserver -c /srv/synapse/homeserver.yaml -c /srv/synapse/overrides.yaml' >"$RUN/synapse.out" 2>&1 &
  echo $! >"$RUN/synapse.pid"
  for _ in $(seq 1 300); do
    if curl -fsS "$URL/_matrix/client/versions" >/dev/null 2>&1; then log "listening"; return 0; fi
    kill -0 "$(cat "$RUN/synapse.pid")" 2>/dev/null || { cat "$RUN/synapse.out" >&2; exit 1; }
    sleep 0.1
  done
  echo "synapse did not start; see $RUN/synapse.out" >&2
  exit 1
}

register() { # user password -> prints the access token
  curl -fsS -X POST "$URL/_matrix/client/v3/register" -H 'content-type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"$2\",\"auth\":{\"type\":\"m.login.dummy\"},\"inhibit_login\":true}" >/dev/null
}

started=$(date +%s)
[[ -f "$CHROOT/.synapse-installed" ]] || install_chroot
stop
mount_chroot
configure
start
password="test-$(date +%s)-$RANDOM"
for user in bot alice bob; do register "$user" "$password"; done
cat >"$RUN/accounts.env" <<ENV
MATRIX_TEST_HOMESERVER_URL=$URL
MATRIX_TEST_PASSWORD=$password
MATRIX_TEST_BOT=@bot:localhost
MATRIX_TEST_MEMBERS=@alice:localhost,@bob:localhost
ENV
log "ready in $(( $(date +%s) - started )) s; accounts in $RUN/accounts.env"
