#!/usr/bin/env bash
# The PostgreSQL tests (the store contract, replicas, the move from SQLite) need a server on
# 127.0.0.1:5432 that lets the postgres user in without a password; each test makes and drops
# its own database. Starts the machine's Debian cluster when it is not running; set
# TEST_POSTGRES_URL (e.g. postgres://postgres@127.0.0.1:5432) to use another local server.
set -euo pipefail
[ -n "${TEST_POSTGRES_URL:-}" ] && exit 0
ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
ready && exit 0

if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  for version in $(ls /etc/postgresql); do
    echo "Starting PostgreSQL $version for the tests..." >&2
    pg_ctlcluster --skip-systemctl-redirect "$version" main start >/dev/null 2>&1 || true
  done
  for _ in $(seq 1 30); do
    ready && exit 0
    sleep 1
  done
fi

echo "The tests need PostgreSQL on 127.0.0.1:5432 (user postgres, no password): install" >&2
echo "Debian's postgresql package, or set TEST_POSTGRES_URL to a local server." >&2
exit 1
