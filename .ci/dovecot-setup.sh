#!/usr/bin/env bash
# Usage (as root, after `apt-get install dovecot-imapd`):  bash .ci/dovecot-setup.sh
#
# The integration tests start their own Dovecot with a generated config on free loopback ports
# (tests/integration/servers.py). The Debian package may have started a system instance: stop it
# (by its pid file, never by process name, so a test instance is never hit) and keep it from
# starting again. Then check what the fixtures need, so a broken machine fails here with a clear
# message instead of as a failed fixture later. Safe to run twice.
set -euo pipefail

if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet dovecot 2>/dev/null; then
  systemctl stop dovecot
  systemctl disable --quiet dovecot 2>/dev/null || true
elif command -v service >/dev/null 2>&1 && service dovecot status >/dev/null 2>&1; then
  service dovecot stop
fi
# No init system (containers): the system master writes its pid under Debian's base_dir.
pidfile=/run/dovecot/master.pid
if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  kill "$(cat "$pidfile")"
  for _ in $(seq 50); do kill -0 "$(cat "$pidfile" 2>/dev/null)" 2>/dev/null || break; sleep 0.1; done
fi

dovecot_bin=$(command -v dovecot || echo /usr/sbin/dovecot)
if [ ! -x "$dovecot_bin" ] || ! command -v doveadm >/dev/null 2>&1; then
  echo "dovecot-setup: dovecot/doveadm not found; install dovecot-imapd" >&2
  exit 1
fi
# As root the test mail belongs to `nobody`; the package's `dovecot`/`dovenull` run its services.
for account in nobody dovecot dovenull; do
  if ! id "$account" >/dev/null 2>&1; then
    echo "dovecot-setup: system user '$account' is missing (reinstall dovecot-core)" >&2
    exit 1
  fi
done
echo "dovecot-setup: Dovecot $("$dovecot_bin" --version) ready for the integration tests"
