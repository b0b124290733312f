package io.proxywatch.collector.divergence;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * sumdb_fork and sumdb_stale, per checksum database, from the latest head every region read from every source.
 * A fork is a pair of heads {@link ForkProofs} proved inconsistent. A region is stale when, at its latest reading,
 * its largest tree was smaller than one some region had first seen more than the grace before that reading: a
 * region that merely has not read since the database grew is not behind.
 */
final class SumDbFindings {
  private SumDbFindings() {}

  static List<Finding> forks(List<GroundTruthStore.Head> heads, ForkProofs proofs) {
    List<Finding> findings = new ArrayList<>();
    for (List<GroundTruthStore.Head> db : byDatabase(heads).values()) {
      TreeSet<String> regions = new TreeSet<>();
      List<Finding.Evidence> evidence = new ArrayList<>();
      String proof = null;
      for (GroundTruthStore.Head a : db) {
        for (GroundTruthStore.Head b : db) {
          String why = proofs.fork(a, b);
          if (why == null) continue;
          proof = proof == null ? why : proof;
          for (GroundTruthStore.Head h : List.of(a, b)) {
            if (regions.add(h.region())) evidence.add(evidence(h));
          }
        }
      }
      if (proof != null) findings.add(finding(EpisodeKind.SUMDB_FORK, db.get(0), proof, regions, db, evidence, Map.of()));
    }
    return findings;
  }

  static List<Finding> stale(Connection c, GroundTruthStore store, List<GroundTruthStore.Head> heads, Duration grace)
      throws SQLException {
    List<Finding> findings = new ArrayList<>();
    for (List<GroundTruthStore.Head> db : byDatabase(heads).values()) {
      Map<String, GroundTruthStore.Head> largest = new TreeMap<>();
      for (GroundTruthStore.Head h : db) largest.merge(h.region(), h, (x, y) -> x.size() >= y.size() ? x : y);
      long max = largest.values().stream().mapToLong(GroundTruthStore.Head::size).max().orElse(0);
      TreeSet<String> behind = new TreeSet<>();
      Map<String, Instant> since = new TreeMap<>();
      List<Finding.Evidence> evidence = new ArrayList<>();
      for (GroundTruthStore.Head h : largest.values()) {
        Instant ahead = h.size() < max ? store.firstAhead(c, h.sumdbName(), h.size()) : null;
        if (ahead == null || !ahead.plus(grace).isBefore(h.time())) continue;
        behind.add(h.region());
        since.put(h.region(), ahead);
        evidence.add(evidence(h));
      }
      if (!behind.isEmpty()) {
        findings.add(finding(EpisodeKind.SUMDB_STALE, db.get(0), "tree " + max, behind, db, evidence, since));
      }
    }
    return findings;
  }

  private static Map<String, List<GroundTruthStore.Head>> byDatabase(List<GroundTruthStore.Head> heads) {
    Map<String, List<GroundTruthStore.Head>> byDb = new LinkedHashMap<>();
    for (GroundTruthStore.Head h : heads) byDb.computeIfAbsent(h.sumdbName(), k -> new ArrayList<>()).add(h);
    return byDb;
  }

  private static Finding.Evidence evidence(GroundTruthStore.Head h) {
    return new Finding.Evidence(h.region(), h.fingerprint(), h.time(), h.agentId(), h.sequence(), h.source() + "latest");
  }

  private static Finding finding(EpisodeKind kind, GroundTruthStore.Head any, String expected, TreeSet<String> regions,
      List<GroundTruthStore.Head> db, List<Finding.Evidence> evidence, Map<String, Instant> since) {
    Map<String, String> observed = new TreeMap<>();
    for (GroundTruthStore.Head h : db) observed.merge(h.region(), h.fingerprint(), (x, y) -> x + " " + y);
    return new Finding(kind, "", any.sumdbName(), "", "sumdb", any.source() + "latest", expected,
        List.copyOf(regions), observed, evidence, since);
  }
}
