#!/usr/bin/env bash
# Usage: scripts/timescaledb.sh start|stop|status|url|reset|build|psql [PSQL-ARGS...]
#
# A local TimescaleDB (Apache-2 edition, PostgreSQL 17, from Debian 13 "trixie") in a chroot, for tests/demo.
#   start   build the chroot if missing (first time ~1-2 min), initdb if needed, start the server, create
#           database/user "proxywatch" (owner, CREATEDB, not superuser) with the timescaledb extension;
#           the JDBC URL is the last stdout line.
#           Idempotent: when already running it only prints the URL.  url=$(scripts/timescaledb.sh start)
#   stop    fast shutdown (idempotent)
#   status  exit 0 when up and answering, 3 when not
#   url     print the JDBC URL
#   reset   drop and recreate database proxywatch (starts the server if needed), print the URL
#   build   only build the chroot
#   psql    psql on the proxywatch database (arguments are passed through)
#
# Environment:
#   PROXYWATCH_CACHE   cache dir, default /var/cache/proxywatch (chroot: $PROXYWATCH_CACHE/trixie-root)
#   PROXYWATCH_PG_PORT port on 127.0.0.1, default 55432
#   PROXYWATCH_PGDATA  data directory, a path INSIDE the chroot, default /var/lib/proxywatch/data-<port>
#   PROXYWATCH_DB_URL  use this existing database: start/url only print it, stop does nothing
# Human messages go to stderr, machine-readable output to stdout.
set -euo pipefail

PW_PROG=timescaledb.sh
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CACHE=${PROXYWATCH_CACHE:-/var/cache/proxywatch}
ROOT=$CACHE/trixie-root
MARKER=.proxywatch-complete
PORT=${PROXYWATCH_PG_PORT:-55432}
PGDATA_IN=${PROXYWATCH_PGDATA:-/var/lib/proxywatch/data-$PORT}
PGLOG_IN=$PGDATA_IN.log
SOCKDIR_IN=/run/postgresql
PGBIN=/usr/lib/postgresql/17/bin
CHROOT_PATH=$PGBIN:/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin
URL="jdbc:postgresql://127.0.0.1:$PORT/proxywatch?user=proxywatch&password=proxywatch"
START_TIMEOUT=${PROXYWATCH_PG_START_TIMEOUT:-60}

[[ $PORT =~ ^[0-9]+$ ]] || die "PROXYWATCH_PG_PORT must be a number: $PORT"
[[ $PGDATA_IN == /* ]] || die "PROXYWATCH_PGDATA must be an absolute path inside the chroot: $PGDATA_IN"

usage() { sed -n '2,/^set -euo/{/^#/s/^# \{0,1\}//p}' "$0" >&2; }

# --- helpers -------------------------------------------------------------------------------------------

take_lock() {
    mkdir -p "$CACHE"
    exec 9>>"$CACHE/timescaledb.lock"
    flock -w 900 9 || die "timed out waiting for $CACHE/timescaledb.lock"
}

# Remove a directory tree, first unmounting anything an interrupted debootstrap left mounted in it.
rm_tree() {
    local dir=$1 m
    while read -r m; do
        umount -l "$m" 2>/dev/null || true
    done < <(awk -v d="$dir" '$2 == d || index($2, d "/") == 1 { print $2 }' /proc/self/mounts | sort -r)
    rm -rf --one-file-system -- "$dir"
}

root_ready() { [[ -f $ROOT/$MARKER ]]; }

# Run a command inside the chroot as root / as the chroot's postgres user, with a clean environment.
# Leading NAME=VALUE arguments become environment variables (they go through env(1)).
in_root() {
    chroot "$ROOT" /usr/bin/env -i PATH="$CHROOT_PATH" LANG=C.UTF-8 HOME=/root TERM="${TERM:-dumb}" "$@"
}
as_pg() {
    chroot --userspec="$PGUID:$PGGID" --groups="$PGGID" "$ROOT" \
        /usr/bin/env -i PATH="$CHROOT_PATH" LANG=C.UTF-8 HOME=/var/lib/postgresql "$@"
}
pg_ids() {
    PGUID=$(awk -F: '$1 == "postgres" { print $3 }' "$ROOT/etc/passwd")
    PGGID=$(awk -F: '$1 == "postgres" { print $4 }' "$ROOT/etc/passwd")
    [[ -n $PGUID && -n $PGGID ]] || die "no postgres user in $ROOT/etc/passwd"
}

build_root() {
    root_ready && return 0
    if [[ -e $ROOT ]]; then
        die "$ROOT exists but is not a complete build (no $MARKER); remove it and retry"
    fi
    pw_ensure debootstrap:debootstrap
    local tmp=$ROOT.building t0=$SECONDS
    if [[ -e $tmp ]]; then
        log "removing the leftovers of an interrupted build: $tmp"
        rm_tree "$tmp"
    fi
    log "building the TimescaleDB chroot in $ROOT (debootstrap trixie + postgresql-17-timescaledb; ~1-2 min)"
    debootstrap --variant=minbase trixie "$tmp" >&2 || die "debootstrap failed (see above)"
    # Never let maintainer scripts start services inside the chroot; no default cluster either.
    printf '#!/bin/sh\nexit 101\n' >"$tmp/usr/sbin/policy-rc.d"
    chmod 755 "$tmp/usr/sbin/policy-rc.d"
    mkdir -p "$tmp/etc/postgresql-common"
    printf 'create_main_cluster = false\n' >"$tmp/etc/postgresql-common/createcluster.conf"
    local -a apt=(chroot "$tmp" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8
        DEBIAN_FRONTEND=noninteractive apt-get -y -q -o Dpkg::Options::=--force-confold)
    log "chroot: apt-get update && apt-get install postgresql-17 postgresql-17-timescaledb"
    "${apt[@]}" update >&2
    "${apt[@]}" install --no-install-recommends postgresql-17 postgresql-17-timescaledb >&2
    "${apt[@]}" clean >&2
    [[ -x $tmp$PGBIN/postgres ]] || die "postgres binary missing after install"
    compgen -G "$tmp/usr/lib/postgresql/17/lib/timescaledb*.so" >/dev/null || die "timescaledb library missing"
    # Leave nothing mounted behind (debootstrap unmounts on exit, this is belt and braces).
    awk -v d="$tmp" 'index($2, d "/") == 1 { print $2 }' /proc/self/mounts | sort -r | while read -r m; do
        umount -l "$m" || true
    done
    date -u +%FT%TZ >"$tmp/$MARKER"
    mv -T "$tmp" "$ROOT"
    log "chroot built in $((SECONDS - t0)) s"
}

server_running() { as_pg pg_ctl status -D "$PGDATA_IN" >/dev/null 2>&1; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }
accepting() { in_root pg_isready -q -h 127.0.0.1 -p "$PORT" -d proxywatch -U proxywatch; }
# The real health check: the proxywatch user can log in and the extension is there.
db_ready() {
    local v
    v=$(in_root PGPASSWORD=proxywatch PGCONNECT_TIMEOUT=5 psql -X -A -t -q -h 127.0.0.1 -p "$PORT" \
        -U proxywatch -d proxywatch -c "select extversion from pg_extension where extname = 'timescaledb'" \
        2>/dev/null) || return 1
    [[ -n $v ]]
}
admin_psql() { # superuser psql over the unix socket inside the chroot (trust)
    in_root psql -X -q -v ON_ERROR_STOP=1 -h "$SOCKDIR_IN" -p "$PORT" -U postgres "$@"
}

init_cluster() {
    [[ -f $ROOT$PGDATA_IN/PG_VERSION ]] && return 0
    local parent tmp=$PGDATA_IN.initdb
    parent=$(dirname "$PGDATA_IN")
    mkdir -p "$ROOT$parent"
    chown "$PGUID:$PGGID" "$ROOT$parent"
    rm -rf -- "${ROOT:?}$tmp"
    log "initdb $PGDATA_IN (inside the chroot)"
    as_pg initdb -D "$tmp" -U postgres -E UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=scram-sha-256 >&2
    printf "\ninclude_if_exists = 'proxywatch.conf'\n" >>"$ROOT$tmp/postgresql.conf"
    mv -T "$ROOT$tmp" "$ROOT$PGDATA_IN" # a half-done initdb is never used
}

write_conf() { # rewritten on every start: edit this script, not the file
    cat >"$ROOT$PGDATA_IN/proxywatch.conf" <<'EOF'
# written by scripts/timescaledb.sh on every start (port, listen_addresses and
# shared_preload_libraries are given on the pg_ctl command line)
shared_buffers = 1GB
max_connections = 200
synchronous_commit = on
fsync = on
full_page_writes = on
dynamic_shared_memory_type = mmap
unix_socket_directories = '/run/postgresql'
effective_cache_size = 12GB
maintenance_work_mem = 512MB
work_mem = 16MB
wal_buffers = 16MB
min_wal_size = 512MB
max_wal_size = 4GB
checkpoint_completion_target = 0.9
random_page_cost = 1.1
effective_io_concurrency = 200
max_worker_processes = 16
max_parallel_workers = 2
max_parallel_workers_per_gather = 1
max_locks_per_transaction = 256
timezone = 'UTC'
log_timezone = 'UTC'
log_line_prefix = '%m [%p] %q%u@%d '
timescaledb.telemetry_level = off
timescaledb.max_background_workers = 8
EOF
    chown "$PGUID:$PGGID" "$ROOT$PGDATA_IN/proxywatch.conf"
}

ensure_db() {
    admin_psql -d postgres >&2 <<'SQL'
SET client_min_messages = warning;
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'proxywatch') THEN
    CREATE ROLE proxywatch LOGIN CREATEDB PASSWORD 'proxywatch';
  END IF;
END
$$;
SELECT 'CREATE DATABASE proxywatch OWNER proxywatch'
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'proxywatch') \gexec
\connect proxywatch
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS timescaledb;
SQL
}

start_server() {
    mkdir -p "$ROOT$SOCKDIR_IN"
    chown "$PGUID:$PGGID" "$ROOT$SOCKDIR_IN"
    write_conf
    log "starting PostgreSQL 17 + TimescaleDB on 127.0.0.1:$PORT (log: $ROOT$PGLOG_IN)"
    # fd 9 (our lock) must not leak into the postmaster, nor our stdout (a $(...) caller would hang).
    if ! as_pg pg_ctl start -D "$PGDATA_IN" -l "$PGLOG_IN" -w -t "$START_TIMEOUT" -s \
        -o "-c shared_preload_libraries=timescaledb -c listen_addresses=127.0.0.1 -p $PORT" \
        </dev/null >&2 9>&-; then
        tail -n 30 "$ROOT$PGLOG_IN" >&2 || true
        die "pg_ctl start failed"
    fi
}

# --- commands ------------------------------------------------------------------------------------------

cmd_start() {
    if [[ -n ${PROXYWATCH_DB_URL:-} ]]; then
        log "PROXYWATCH_DB_URL is set: using that database, nothing started"
        printf '%s\n' "$PROXYWATCH_DB_URL"
        return 0
    fi
    take_lock
    build_root
    pg_ids
    if server_running; then
        local pidport
        pidport=$(sed -n 4p "$ROOT$PGDATA_IN/postmaster.pid" 2>/dev/null || true)
        if [[ -n $pidport && $pidport != "$PORT" ]]; then
            die "the server for $PGDATA_IN runs on port $pidport, not $PORT; stop it first"
        fi
        if db_ready; then
            log "already running on 127.0.0.1:$PORT"
            printf '%s\n' "$URL"
            return 0
        fi
        log "server process is up but not ready yet; waiting"
    else
        if port_open; then
            die "127.0.0.1:$PORT is already in use by another process (set PROXYWATCH_PG_PORT)"
        fi
        init_cluster
        start_server
    fi
    pw_wait_until "$START_TIMEOUT" accepting || die "server did not accept connections within ${START_TIMEOUT}s"
    ensure_db
    db_ready || die "server is up but database proxywatch is not usable"
    log "up: $URL"
    printf '%s\n' "$URL"
}

cmd_stop() {
    if [[ -n ${PROXYWATCH_DB_URL:-} ]]; then
        log "PROXYWATCH_DB_URL is set: not stopping an external database"
        return 0
    fi
    if ! root_ready; then
        log "not running (no chroot at $ROOT)"
        return 0
    fi
    take_lock
    pg_ids
    if server_running; then
        log "stopping the server on port $PORT"
        as_pg pg_ctl stop -D "$PGDATA_IN" -m fast -w -t 60 -s </dev/null >&2 9>&-
        log "stopped"
    else
        log "not running"
    fi
}

cmd_status() {
    if [[ -n ${PROXYWATCH_DB_URL:-} ]]; then
        local hp host port
        hp=${PROXYWATCH_DB_URL#*://}
        hp=${hp%%/*}
        host=${hp%%:*} port=5432
        [[ $hp == *:* ]] && port=${hp##*:}
        if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
            log "external database ($host:$port) answers TCP: $PROXYWATCH_DB_URL"
            return 0
        fi
        log "external database ($host:$port) does not answer"
        return 3
    fi
    if root_ready && db_ready; then
        log "up: $URL"
        return 0
    fi
    log "down (127.0.0.1:$PORT)"
    return 3
}

cmd_url() { printf '%s\n' "${PROXYWATCH_DB_URL:-$URL}"; }

cmd_reset() {
    [[ -z ${PROXYWATCH_DB_URL:-} ]] || die "refusing to reset an external database (PROXYWATCH_DB_URL is set)"
    cmd_start >/dev/null
    log "dropping and recreating database proxywatch"
    admin_psql -d postgres -c 'DROP DATABASE IF EXISTS proxywatch WITH (FORCE)' >&2
    ensure_db
    db_ready || die "database proxywatch is not usable after reset"
    printf '%s\n' "$URL"
}

cmd_psql() {
    if [[ -n ${PROXYWATCH_DB_URL:-} ]]; then
        pw_ensure psql:postgresql-client
        # libpq accepts the same ?user=&password= parameters as the JDBC URL
        exec psql "postgresql://${PROXYWATCH_DB_URL#jdbc:postgresql://}" "$@"
    fi
    root_ready || die "no chroot yet: run '$0 start' first"
    exec chroot "$ROOT" /usr/bin/env -i PATH="$CHROOT_PATH" LANG=C.UTF-8 HOME=/root TERM="${TERM:-dumb}" \
        PAGER=more PGPASSWORD=proxywatch \
        psql -h 127.0.0.1 -p "$PORT" -U proxywatch -d proxywatch "$@"
}

case ${1:-} in
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
url) cmd_url ;;
reset) cmd_reset ;;
build) take_lock && build_root && log "chroot ready: $ROOT" ;;
psql) shift && cmd_psql "$@" ;;
-h | --help | help) usage ;;
*) usage && exit 2 ;;
esac
