/**
 * Scenario {@code eval}: divergence evaluation at fleet scale (8 regions x 100,000 targets at a 30 s cadence), fed
 * straight into the collector's writer, today's scanning evaluator against the incremental one in the same run.
 */
package io.proxywatch.bench.eval;
