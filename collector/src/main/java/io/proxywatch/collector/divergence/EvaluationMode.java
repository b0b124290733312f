package io.proxywatch.collector.divergence;

/** How the leader finds what to compare ({@link DivergenceMonitor}). */
public enum EvaluationMode {
  /** Every target's latest answer per region kept in memory; each evaluation compares only what changed. The default. */
  INCREMENTAL,
  /** Each evaluation reads the whole fresh window from the database and compares every target (the former way). */
  SCAN
}
