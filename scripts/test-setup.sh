#!/usr/bin/env bash
# What the tests need besides node_modules, made ready: the first step of `npm test`, so the
# README's second command (`npm cit` = `npm ci && npm test`) works on a fresh machine, and
# `.ci/run` is just that command.
#
# - Debian's Chromium and a CJK font for the browser tests (server/test/browser/*): installed
#   with apt-get when missing; never a downloaded browser.
# - Postgres at 127.0.0.1:5432 (trust auth, user postgres) with a database `test`, which the
#   database suites create their own databases from: started when down, `test` created when
#   missing. Skipped when TEST_POSTGRES_URL points elsewhere.
# - Redis at 127.0.0.1:6379, which the live tests fan out through: started when down. Skipped
#   when REDIS_URL points elsewhere.
#
# Idempotent, and quick when everything is up (a few probes, nothing installed or started).
# Fails loudly, rather than letting tests skip, when something cannot be made ready.
set -euo pipefail

say() { echo "test-setup: $*"; }
fail() {
  echo "test-setup: $*" >&2
  exit 1
}

# Runs a command as root: directly, through sudo without a password prompt, or not at all.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo -n "$@"
  else
    fail "needs root for: $* (run it yourself, then npm test again)"
  fi
}

local_url() {
  case "${1:-}" in
    "" | *://127.0.0.1:* | *://localhost:* | *@127.0.0.1:* | *@localhost:*) return 0 ;;
    *) return 1 ;;
  esac
}

ensure_chromium() {
  if [ -x /usr/bin/chromium ] && [ -n "$(fc-list :lang=zh family 2>/dev/null || true)" ]; then
    return 0
  fi
  command -v apt-get >/dev/null ||
    fail "Chromium (/usr/bin/chromium) and a CJK font are missing, and there is no apt-get"
  say "installing Debian's chromium and fonts-noto-cjk for the browser tests"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
  [ -x /usr/bin/chromium ] || fail "chromium did not install"
}

pg_up() { pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; }

ensure_postgres() {
  if ! local_url "${TEST_POSTGRES_URL:-}"; then
    say "TEST_POSTGRES_URL is set: using that Postgres as it is"
    return 0
  fi
  command -v pg_isready >/dev/null || fail "Postgres is not installed (apt-get install postgresql)"
  if ! pg_up; then
    say "Postgres is not answering on 127.0.0.1:5432: starting it"
    if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
      local version
      version="$(ls /etc/postgresql | sort -V | tail -1)"
      as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    fi
    for _ in $(seq 1 30); do
      pg_up && break
      sleep 1
    done
    pg_up || fail "Postgres did not start: the database suites need it (README, Quick start)"
  fi
  if ! psql -h 127.0.0.1 -U postgres -d postgres -tAc \
    "select 1 from pg_database where datname = 'test'" | grep -q 1; then
    say "creating the database test"
    createdb -h 127.0.0.1 -U postgres test
  fi
}

redis_up() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }

ensure_redis() {
  if ! local_url "${REDIS_URL:-}"; then
    say "REDIS_URL is set: using that Redis as it is"
    return 0
  fi
  command -v redis-cli >/dev/null || fail "Redis is not installed (apt-get install redis-server)"
  redis_up && return 0
  say "Redis is not answering on 127.0.0.1:6379: starting it"
  if command -v redis-server >/dev/null; then
    redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save '' --appendonly no || true
  fi
  for _ in $(seq 1 30); do
    redis_up && return 0
    sleep 1
  done
  fail "Redis did not start: the live tests fan out through it (README, Quick start)"
}

ensure_chromium
ensure_postgres
ensure_redis
