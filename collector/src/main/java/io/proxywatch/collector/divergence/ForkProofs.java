package io.proxywatch.collector.divergence;

import io.proxywatch.sumdb.SignedTreeHead;
import io.proxywatch.sumdb.SumDbException;
import io.proxywatch.sumdb.VerifierKey;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consistency proofs between the heads regions report, done before the evaluation's transaction (they read tiles
 * over the network) and remembered by pair: a proof never changes. Only notes signed by the configured key count;
 * only INCONSISTENT (a proof that fails against a signed root) is a fork, anything else (tiles unreachable) is
 * unknown and tried again next time.
 */
final class ForkProofs {
  private static final Logger logger = LoggerFactory.getLogger(ForkProofs.class);
  private static final int MAX_PAIRS = 10_000;
  private static final String CONSISTENT = "";

  private final VerifierKey key;
  private final HeadConsistency consistency;
  private final Map<String, String> proven = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > MAX_PAIRS;
    }
  };

  ForkProofs(VerifierKey key, HeadConsistency consistency) {
    this.key = key;
    this.consistency = consistency;
  }

  /** Proves every pair of distinct heads not proven yet. */
  void prove(List<GroundTruthStore.Head> heads) {
    for (GroundTruthStore.Head a : heads) {
      for (GroundTruthStore.Head b : heads) {
        if (ordered(a, b) && !proven.containsKey(pair(a, b))) prove(a, b);
      }
    }
  }

  private static boolean ordered(GroundTruthStore.Head a, GroundTruthStore.Head b) {
    return a.sumdbName().equals(b.sumdbName()) && a.fingerprint().compareTo(b.fingerprint()) < 0;
  }

  private void prove(GroundTruthStore.Head a, GroundTruthStore.Head b) {
    try {
      SignedTreeHead ha = open(a);
      SignedTreeHead hb = open(b);
      consistency.check(ha, hb, (ha.size() >= hb.size() ? a : b).source());
      proven.put(pair(a, b), CONSISTENT);
    } catch (SumDbException e) {
      if (e.reason() != SumDbException.Reason.INCONSISTENT) {
        logger.debug("no proof between {} and {}: {}", a.fingerprint(), b.fingerprint(), e.getMessage());
        return;
      }
      String why = "tree " + a.fingerprint() + " (" + a.region() + ") and tree " + b.fingerprint() + " (" + b.region()
          + "): " + e.getMessage();
      logger.warn("checksum database {} forked: {}", a.sumdbName(), why);
      proven.put(pair(a, b), why);
    }
  }

  private SignedTreeHead open(GroundTruthStore.Head h) throws SumDbException {
    return SignedTreeHead.open(h.note().getBytes(StandardCharsets.UTF_8), key);
  }

  /** The proof that a and b fork, or null (consistent, not proven, or not signed by the key). */
  String fork(GroundTruthStore.Head a, GroundTruthStore.Head b) {
    if (!ordered(a, b)) return null;
    String why = proven.get(pair(a, b));
    return why == null || why.isEmpty() ? null : why;
  }

  private static String pair(GroundTruthStore.Head a, GroundTruthStore.Head b) {
    return a.sumdbName() + " " + a.fingerprint() + " " + b.fingerprint();
  }
}
