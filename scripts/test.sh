#!/usr/bin/env bash
# Usage: scripts/test.sh [extra Maven arguments]
#
# Runs every test: unit tests and the integration tests (IT*) against real components: TimescaleDB,
# nginx edges, Prometheus Alertmanager, Helm. Installs and starts what they need first (idempotent; quick
# when already present). .ci/run runs exactly this.
set -euo pipefail

PW_PROG=test.sh
SCRIPTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$SCRIPTS")
# shellcheck source=scripts/lib.sh
. "$SCRIPTS/lib.sh"

"$SCRIPTS/ensure-deps.sh"
PROXYWATCH_TEST_DB_URL=$("$SCRIPTS/timescaledb.sh" start | tail -n 1)
export PROXYWATCH_TEST_DB_URL
log "TimescaleDB for tests: ${PROXYWATCH_TEST_DB_URL%%\?*}"

# Test JVMs drop their pw_test_<pid>_* databases when they exit; a run killed before that leaves them behind.
# Drop those whose JVM no longer runs (databases of a test run that is still going are kept).
drop_stale_test_databases() {
    local name pid
    PROXYWATCH_DB_URL=$PROXYWATCH_TEST_DB_URL "$SCRIPTS/timescaledb.sh" psql -X -A -t -q \
        -c "SELECT datname FROM pg_database WHERE datname LIKE 'pw\\_test\\_%'" | while read -r name; do
        pid=${name#pw_test_}
        pid=${pid%%_*}
        if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then continue; fi
        log "dropping stale test database $name"
        PROXYWATCH_DB_URL=$PROXYWATCH_TEST_DB_URL "$SCRIPTS/timescaledb.sh" psql -X -q \
            -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" >/dev/null
    done
}
drop_stale_test_databases
cd "$ROOT"
exec ./mvnw -B -ntp verify "$@"
