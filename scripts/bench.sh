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
# Every figure is printed as "name: value unit" and appended to bench/results/latest.txt (emptied first).
# It starts what it needs: the local TimescaleDB (scripts/timescaledb.sh) and, if missing, installs
# prometheus-blackbox-exporter. Builds bench (and what it depends on) and the agent jar when missing.
#
# Environment: BENCH_REPS [2] repeats per figure, BENCH_STREAMS [16,64], BENCH_INGEST_SECONDS [20],
#   BENCH_RAW_COPY [text,binary,binary:2] (format[:connections]), BENCH_INGEST_ROLE [leader] (follower: the bench
#   holds the leader lock, so the collector ingests without evaluating),
#   BENCH_ALERT_REPS [60], BENCH_QUERY_REPS [40], BENCH_PROBE_SECONDS [12], BENCH_PROBE_CONCURRENCY [8],
#   BENCH_DELAY_MS [20], BENCH_FOOTPRINT_ROUNDS [4], BENCH_AGENT_JVM_OPTS ('|'-separated option sets),
#   BENCH_DATASET_DB [bench_50m], BENCH_SKIP_BUILD=1 to use the jars as they are.
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
    java -Xmx3g -XX:+UseG1GC -jar "$jar" "$@" 2> >(grep -v -E ' (DEBUG|INFO) ' >&2)
