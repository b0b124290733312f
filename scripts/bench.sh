#!/usr/bin/env bash
# Usage: scripts/bench.sh [SCENARIO...]
#
# proxywatch benchmarks with targets (issue 6). Scenarios, all five when none is named:
#   ingest     16 and 64 simulated agents (grpc-java, Hello + SampleBatch, acks awaited) into an in-process
#              collector on a fresh database, against raw COPY of the same rows as text, binary and binary over
#              2 connections (target ratio to the fastest >= 0.9)
#   alert      deciding .mod sample -> signed webhook, 60 episodes (target p99 <= 1 s beyond the grace)
#   footprint  agent jar as a process, 1,000 endpoints every 10 s over TLS: RSS and CPU per probe (<= 128 MiB)
#   fidelity   agent vs prometheus-blackbox-exporter vs curl against an HTTPS server with a 20 ms first-byte
#              delay: probes/s, TTFB error (target: throughput >= blackbox_exporter, median error <= 0.5 ms)
#   queries    /api/v1/stats and /api/v1/samples over ~52M samples in database bench_50m (generated once,
#              ~15 min, resumable; `generate` alone fills it) (targets p95 <= 150 ms for 24 h, <= 1 s for 30 d)
# Named only (not part of "all"):
#   eval       divergence evaluation at fleet scale: 8 regions x 100,000 targets every 30 s (~27k samples/s) fed
#              straight into the collector's writer, today's scanning evaluator against the incremental one, each
#              on a fresh database: evaluator CPU/s, p99 commit-to-decision of injected divergences (target <= 100 ms),
#              heap after GC and RSS (target <= 1.5 GiB)
#   fleetqueries  /api/v1/consistency (the console's matrix), /divergences, /releases and /propagation at 8 regions x
#              100,000 targets (issue 15): database bench_fleet generated in SQL each run (~2 min: 6 rounds of samples,
#              3 of them fresh, 201,000 episodes, 50,000 releases), queried through an in-process collector that does
#              not lead (the bench holds the leader lock) (target p95 <= 200 ms)
#   verify     a 100 MiB module zip: hashed in a bare -Xmx24m JVM (MiB/s, RSS), then verified by the agent jar with
#              the chart's JVM options against scripts/sumdb.sh (agent RSS, target <= 128 MiB); extra traffic per
#              day for 1,000 module versions (issue 11)
#   generate   fills bench_50m for queries
# Every figure is printed as "name: value unit" and appended to bench/results/latest.txt (emptied first).
# It starts what it needs: the local TimescaleDB (scripts/timescaledb.sh) and, if missing, installs
# prometheus-blackbox-exporter. Builds bench (and what it depends on) and the agent jar when missing.
#
# Environment: BENCH_REPS [2] repeats per figure, BENCH_STREAMS [16,64], BENCH_INGEST_SECONDS [20],
#   BENCH_RAW_COPY [text,binary,binary:2] (format[:connections]), BENCH_INGEST_ROLE [leader] (follower: the bench
#   holds the leader lock, so the collector ingests without evaluating),
#   BENCH_ALERT_REPS [60], BENCH_QUERY_REPS [40], BENCH_PROBE_SECONDS [12], BENCH_PROBE_CONCURRENCY [8],
#   BENCH_DELAY_MS [20], BENCH_FOOTPRINT_ROUNDS [4], BENCH_AGENT_JVM_OPTS ('|'-separated option sets),
#   BENCH_DATASET_DB [bench_50m], BENCH_EVAL_REGIONS [8], BENCH_EVAL_TARGETS [100000], BENCH_EVAL_SECONDS [60],
#   BENCH_EVAL_INJECT_MS [2000], BENCH_EVAL_MODES [scan,incremental], BENCH_FLEET_MODULES [20000] (x 5 endpoints =
#   targets), BENCH_FLEET_EPISODES [200000] (resolved), BENCH_FLEET_RELEASES [50000], BENCH_FLEET_BUDGET [40] seconds
#   per fleet query, BENCH_FLEET_KEEP=1 keeps bench_fleet, BENCH_SKIP_BUILD=1 to use the jars as they are,
#   BENCH_JAVA_OPTS [-Xmx3g -XX:+UseG1GC] the bench JVM's options (eval: a smaller heap bounds the collector's RSS);
#   fidelity: BENCH_AGENT_WARMUP_SECONDS [5] before each agent is measured, BENCH_FIDELITY_AGENT_OPTS [-Xmx256m] its
#   JVM options, BENCH_AGENT_BASELINE_JAR (an earlier agent jar, measured beside it in each phase); BENCH_AGENT_JAR:
#   the agent jar [agent/target/proxywatch-agent.jar].
set -euo pipefail

PW_PROG=bench.sh
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"

url=$(scripts/timescaledb.sh start | tail -n 1)
[[ -x /usr/bin/prometheus-blackbox-exporter ]] || pw_apt_install prometheus-blackbox-exporter
command -v curl >/dev/null || pw_apt_install curl

if [[ ${BENCH_SKIP_BUILD:-0} != 1 ]]; then
    log "building bench (-pl bench -am)"
    ./mvnw -q -B -o -pl bench -am package -DskipTests
    if [[ ! -f agent/target/proxywatch-agent.jar ]]; then
        log "building the agent jar"
        ./mvnw -q -B -o -pl agent -am package -DskipTests
    fi
fi

mkdir -p bench/results
: >bench/results/latest.txt
{
    echo "# proxywatch bench $(date -u +%FT%TZ) on $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(uptime)"
    echo "# git $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- agent collector proto || echo ' (agent/collector/proto have uncommitted changes)')"
} | tee -a bench/results/latest.txt
# The jar is copied so a rebuild during a long run cannot pull it from under the JVM.
jar=$(mktemp /tmp/proxywatch-bench-XXXXXX.jar)
trap 'rm -f "$jar"' EXIT
cp bench/target/proxywatch-bench.jar "$jar"
BENCH_DB_URL=$url BENCH_REPO=$REPO BENCH_RESULTS=$REPO/bench/results/latest.txt \
    java ${BENCH_JAVA_OPTS:--Xmx3g -XX:+UseG1GC} -jar "$jar" "$@" 2> >(grep -v -E ' (DEBUG|INFO) ' >&2)
