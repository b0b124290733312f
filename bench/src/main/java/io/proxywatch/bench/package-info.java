/** Benchmarks that measure and print figures beside a baseline from the same run (scripts/bench.sh); never pass/fail. */
package io.proxywatch.bench;
