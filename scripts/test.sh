#!/usr/bin/env bash
# The whole test run: lint, types, architecture, then the suite on SQLite and on PostgreSQL.
# Installs Debian's Chromium for the browser tests and starts PostgreSQL/Redis when they are
# installed but down. In CI (CI=true) a missing PostgreSQL is an error, not a skip.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
export RAPPORT_TESTING=1 RAPPORT_INSECURE=1
export RAPPORT_DATA_DIR=${RAPPORT_DATA_DIR:-$PWD/data}/test
mkdir -p "$RAPPORT_DATA_DIR"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }

if ! command -v chromium >/dev/null 2>&1; then
  echo "== installing Debian's Chromium for the browser tests"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi

pg_up() { (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }
redis_up() { (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; }
if ! pg_up && command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "== starting PostgreSQL"
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start || true
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
fi
if ! redis_up && command -v redis-server >/dev/null 2>&1; then
  echo "== starting Redis"
  as_root mkdir -p /var/lib/redis /var/log/redis
  as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
  for _ in $(seq 1 15); do redis_up && break; sleep 1; done
fi

echo "== ruff"
"$BIN/ruff" check src tests bench
"$BIN/ruff" format --check src tests bench
echo "== mypy"
"$BIN/mypy"
echo "== import contracts"
"$BIN/lint-imports" --no-cache
echo "== migrations are up to date"
"$BIN/python" -m django makemigrations --check --dry-run -v 0 --settings=rapport.settings

echo "== tests on SQLite"
env -u DATABASE_URL -u REDIS_URL "$BIN/pytest" "$@"

if pg_up; then
  echo "== tests on PostgreSQL (+ Redis for jobs)"
  export DATABASE_URL=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/rapport}
  if redis_up; then export REDIS_URL=${TEST_REDIS_URL:-redis://127.0.0.1:6379/15}; fi
  "$BIN/pytest" "$@"
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL is not reachable on 127.0.0.1:5432; CI must run the suite on it." >&2
  exit 1
else
  echo "== PostgreSQL not reachable: skipped the PostgreSQL pass"
fi
