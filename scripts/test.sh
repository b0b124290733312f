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
cd "$ROOT"
exec ./mvnw -B -ntp verify "$@"
