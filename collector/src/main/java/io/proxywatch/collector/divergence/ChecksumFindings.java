package io.proxywatch.collector.divergence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * checksum_mismatch: for every .mod or .zip (per proxy) whose latest verification in some region is a mismatch, one
 * finding naming those regions, the database's h1 (expected) and each region's observed h1 with its record.
 */
final class ChecksumFindings {
  private ChecksumFindings() {}

  static List<Finding> of(List<GroundTruthStore.Mismatch> mismatches) {
    Map<String, List<GroundTruthStore.Mismatch>> byTarget = new LinkedHashMap<>();
    for (GroundTruthStore.Mismatch m : mismatches) {
      byTarget.computeIfAbsent(String.join("\u0000", m.proxy(), m.module(), m.version(), m.file()),
          k -> new ArrayList<>()).add(m);
    }
    List<Finding> findings = new ArrayList<>();
    for (List<GroundTruthStore.Mismatch> target : byTarget.values()) findings.add(finding(target));
    return findings;
  }

  private static Finding finding(List<GroundTruthStore.Mismatch> target) {
    GroundTruthStore.Mismatch first = target.get(0);
    Map<String, String> observed = new TreeMap<>();
    List<Finding.Evidence> evidence = new ArrayList<>();
    for (GroundTruthStore.Mismatch m : target) {
      observed.put(m.region(), m.observed());
      evidence.add(new Finding.Evidence(m.region(), m.observed(), m.time(), m.agentId(), m.sequence(), m.url()));
    }
    return new Finding(EpisodeKind.CHECKSUM_MISMATCH, first.proxy(), first.module(), first.version(), first.file(),
        first.url(), first.expected(), List.copyOf(observed.keySet()), observed, evidence, Map.of());
  }
}
