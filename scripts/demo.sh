#!/usr/bin/env bash
# Usage: scripts/demo.sh
#
# Starts the whole system locally: TimescaleDB, the simulated Go proxy CDN (an nginx origin, four caching edges
# and a module index stand-in), a Go checksum database over the CDN's modules (scripts/sumdb.sh: the Go team's
# code, its own key), the collector (which pushes that GOSUMDB to the agents) and four verifying agents (tokyo, frankfurt, sao-paulo, los-angeles). What is
# probed is said once, in the collector's watches file: every version of the CDN's four modules, and the new
# releases the index announces. Each agent reaches the origin's URL through its own edge (--connect-to), as
# regions reach proxy.golang.org through their own. Prints the REST URLs and what to try, then a line of
# throughput every 30 s. Ctrl-C stops everything it started (a database or CDN already running is left running).
#
# Environment (defaults in brackets):
#   PROXYWATCH_DEMO_DIR [/tmp/proxywatch-demo]   logs and agent state
#   PROXYWATCH_DEMO_HTTP_PORT [8080]  PROXYWATCH_DEMO_GRPC_PORT [7443]
#   PROXYWATCH_DEMO_INTERVAL [10s]    the watches' cadence of @v/list and @latest (.info 30s, .mod/.zip 2m)
set -euo pipefail

PW_PROG=demo.sh
SCRIPTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$SCRIPTS")
# shellcheck source=scripts/lib.sh
. "$SCRIPTS/lib.sh"

RUN=${PROXYWATCH_DEMO_DIR:-/tmp/proxywatch-demo}
HTTP_PORT=${PROXYWATCH_DEMO_HTTP_PORT:-8080}
GRPC_PORT=${PROXYWATCH_DEMO_GRPC_PORT:-7443}
INTERVAL=${PROXYWATCH_DEMO_INTERVAL:-10s}
REGIONS=(tokyo frankfurt sao-paulo los-angeles)
CDN_DIR=${PROXYWATCH_CDN_DIR:-/tmp/proxywatch-cdn}
export PROXYWATCH_CDN_DIR=$CDN_DIR
pids=()
stop_db=0
stop_cdn=0
stop_sumdb=0

cleanup() {
    trap - INT TERM EXIT
    log "stopping the demo"
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    [[ $stop_sumdb == 1 ]] && "$SCRIPTS/sumdb.sh" stop demo || true
    [[ $stop_cdn == 1 ]] && "$SCRIPTS/cdn.sh" stop || true
    [[ $stop_db == 1 ]] && "$SCRIPTS/timescaledb.sh" stop || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

mkdir -p "$RUN"
"$SCRIPTS/ensure-deps.sh"
for port in "$HTTP_PORT" "$GRPC_PORT"; do
    port_busy "$port" && die "port $port is in use (set PROXYWATCH_DEMO_HTTP_PORT / PROXYWATCH_DEMO_GRPC_PORT)"
done

"$SCRIPTS/timescaledb.sh" status >/dev/null 2>&1 || stop_db=1
db_url=$("$SCRIPTS/timescaledb.sh" start | tail -n 1)
"$SCRIPTS/cdn.sh" status >/dev/null 2>&1 || stop_cdn=1
"$SCRIPTS/cdn.sh" start >"$RUN/cdn.txt"
"$SCRIPTS/sumdb.sh" status 2>/dev/null | grep -q '^demo up' || stop_sumdb=1
# The database always serves the first version set's go.sum, so its signed tree is the same on every run (the
# collector's witness log would otherwise see a second history as a fork); a release published later is not in it.
/usr/bin/python3 "$SCRIPTS/goproxy-tree.py" "$RUN/sumdb-tree" --version-set v1 >/dev/null
gosumdb=$(PROXYWATCH_SUMDB_GOSUM=$RUN/sumdb-tree/go.sum "$SCRIPTS/sumdb.sh" start demo | tail -n 1)

agent_jar=$ROOT/agent/target/proxywatch-agent.jar
collector_jar=$ROOT/collector/target/proxywatch-collector.jar
if [[ ! -f $agent_jar || ! -f $collector_jar ]] ||
    [[ -n $(find "$ROOT/proto/src" "$ROOT/agent/src/main" "$ROOT/collector/src/main" "$ROOT/migrations" \
        -newer "$collector_jar" -type f 2>/dev/null | head -n 1) ]]; then
    log "building the agent and collector jars (./mvnw package, tests skipped)"
    (cd "$ROOT" && ./mvnw -q -B -Dmaven.test.skip=true -pl agent,collector -am package) >&2
fi

collector() { java -jar "$collector_jar" "$@" --db-url "$db_url"; }
log "enrolling the four agents and creating a read token for the REST API"
for region in "${REGIONS[@]}"; do
    (umask 077 && collector agents add --agent-id "demo-$region" --region "$region" 2>>"$RUN/admin.log" >"$RUN/token-$region")
done
read_token=$(collector api-tokens add --name demo-reader --role read 2>>"$RUN/admin.log")

origin=$(awk '$1 == "origin" { print $2 }' "$RUN/cdn.txt")
index=$(awk '$1 == "index" { print $2 }' "$RUN/cdn.txt")
cat >"$RUN/watches.yaml" <<EOT
# What every region probes, said once (the collector pushes it to the agents; edit, then restart the collector,
# or use POST /api/v1/watches and 'proxywatch-collector watches add' for changes that apply at once).
watches:
$(for module in example.com/hello github.com/Azure/go-widget golang.org/x/demo example.com/big; do
    printf '  - name: %s\n    module: %s\n    versions: all\n    cadence: {mutable: %s, info: 30s, immutable: 2m}\n' \
        "$(printf '%s' "$module" | tr '/A-Z' '-a-z')" "$module" "$INTERVAL"
done)
EOT

log "starting the collector (gRPC :$GRPC_PORT, HTTP :$HTTP_PORT, watches $RUN/watches.yaml, index $index); log: $RUN/collector.log"
java -jar "$collector_jar" serve --db-url "$db_url" --grpc-port "$GRPC_PORT" --http-port "$HTTP_PORT" \
    --bind 127.0.0.1 --probe-interval "$INTERVAL" --mutable-grace 2m --divergence-cooldown 1m \
    --watches-file "$RUN/watches.yaml" --index-url "$index" --index-poll 5s --fast-cadence 5s --gosumdb "$gosumdb" \
    >"$RUN/collector.log" 2>&1 &
pids+=($!)
deadline=$((SECONDS + 60))
until curl -fsS "http://127.0.0.1:$HTTP_PORT/readyz" >/dev/null 2>&1; do
    kill -0 "${pids[0]}" 2>/dev/null || die "the collector exited; see $RUN/collector.log"
    ((SECONDS < deadline)) || die "the collector did not become ready in 60 s; see $RUN/collector.log"
    sleep 0.2
done

origin_hostport=${origin#http://}
for region in "${REGIONS[@]}"; do
    edge=$(awk -v r="$region" '$1 == r { print $2 }' "$RUN/cdn.txt")
    log "starting agent $region: $origin through its edge $edge; log: $RUN/agent-$region.log"
    java -Xmx128m -jar "$agent_jar" --region "$region" --agent-id "demo-$region" \
        --collector "127.0.0.1:$GRPC_PORT" --goproxy "$origin" --connect-to "$origin_hostport:${edge#http://}" \
        --token-file "$RUN/token-$region" --timeout 10s --state-dir "$RUN/state-$region" --verify \
        >"$RUN/agent-$region.log" 2>&1 &
    pids+=($!)
done

api=http://127.0.0.1:$HTTP_PORT/api/v1
auth="Authorization: Bearer $read_token"
cat <<EOT
proxywatch demo is running (Ctrl-C stops it). The REST API wants a token; this one can read:
  export PW_AUTH='$auth'
Try:
  curl -s -H "\$PW_AUTH" $api/watches
  curl -s -H "\$PW_AUTH" $api/agents
  curl -s -H "\$PW_AUTH" '$api/consistency?diverging=true'
  curl -s -H "\$PW_AUTH" '$api/divergences?state=open'
  curl -s -H "\$PW_AUTH" '$api/stats?bucket=1m&from=-15m'
  open http://127.0.0.1:$HTTP_PORT/ (the console; sign in with the token above)
A release, and how long each region takes to see it (visible within a minute):
  PROXYWATCH_CDN_DIR=$CDN_DIR scripts/cdn.sh publish v2
  curl -s -H "\$PW_AUTH" '$api/releases?module=example.com/hello'
  curl -s -H "\$PW_AUTH" '$api/propagation?endpoint=list'
One region held behind: its @v/list and @latest stay old, a 'stale' episode opens at once naming only that region
and fires after the demo's 2-minute grace (run these two before publishing):
  PROXYWATCH_CDN_DIR=$CDN_DIR scripts/cdn.sh hold-edge sao-paulo
  PROXYWATCH_CDN_DIR=$CDN_DIR scripts/cdn.sh publish v2
  curl -s -H "\$PW_AUTH" '$api/divergences?state=open'     (kind "stale", outlier_regions ["sao-paulo"])
  PROXYWATCH_CDN_DIR=$CDN_DIR scripts/cdn.sh release-edge sao-paulo     (it catches up; the episode resolves)
Every .mod and .zip is verified in every region against the checksum database ($gosumdb):
  curl -s -H "\$PW_AUTH" '$api/verification?region=tokyo'     (state "verified", the h1 expected and observed)
One edge serving other bytes for a zip: within 3 minutes a critical 'checksum_mismatch' naming only tokyo, with
the database's h1 and the one tokyo was served; within 5 minutes that zip's divergence shows as 'content':
  PROXYWATCH_CDN_DIR=$CDN_DIR scripts/cdn.sh tamper-zip tokyo golang.org/x/demo@v0.2.0
  curl -s -H "\$PW_AUTH" '$api/divergences?state=open'     (kinds "checksum_mismatch" and "content", ["tokyo"])
  PROXYWATCH_CDN_DIR=$CDN_DIR scripts/cdn.sh purge-edge tokyo     (the real zip again: both resolve within 4 minutes)
Logs: $RUN
EOT

stored() { curl -fsS -H "$auth" "$api/agents" 2>/dev/null | python3 -c 'import json,sys; print(sum(a["samples_stored"] for a in json.load(sys.stdin)["agents"]))' 2>/dev/null || echo 0; }
last=$(stored)
while true; do
    sleep 30 &
    wait $! || true
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || die "a demo process ($pid) exited; see the logs in $RUN"; done
    now=$(stored)
    log "samples stored: $now ($(python3 -c "print(round(($now - $last) / 30, 1))") samples/s end to end over the last 30 s)"
    last=$now
done
