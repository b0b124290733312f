package io.proxywatch.collector.divergence;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * What an episode is about, each with the severity its notifications carry. The target kinds come first, most
 * serious first: when regions disagree in several ways at once, {@link #classify} names the first that applies.
 * Adding a kind means one value here plus the rule that opens it.
 */
public enum EpisodeKind {
  /** Different statuses or failure classes (200 vs 404, 200 vs timeout). */
  STATUS(Severity.WARNING),
  /** Redirects to different places (scheme, host or path). */
  REDIRECT(Severity.WARNING),
  /** Bodies with different SHA-256. */
  CONTENT(Severity.WARNING),
  /** Only the ETags differ; bodies are equal or were not read (HEAD). Evidence, not proof. */
  ETAG(Severity.INFO),
  /**
   * Some regions are behind on a mutable endpoint: their @v/list lacks versions the others list, their @latest is
   * older, or their .info is not found yet. It names only the lagging regions; the regions ahead are propagating.
   */
  STALE(Severity.WARNING),
  /** An agent has sent nothing for longer than the freshness window. */
  AGENT_OFFLINE(Severity.WARNING),
  /** A region's .mod or .zip h1 differs from the record the checksum database proves ({@link ChecksumFindings}). */
  CHECKSUM_MISMATCH(Severity.CRITICAL),
  /** Two tree heads signed by the checksum database's key that are not consistent: a split view. */
  SUMDB_FORK(Severity.CRITICAL),
  /** A region's view of the checksum database (/latest) stays behind the others beyond a grace. */
  SUMDB_STALE(Severity.WARNING),
  /** A region fails (errors, timeouts, 5xx) for most of the targets it probes: one incident, not one per target. */
  REGION_DEGRADED(Severity.WARNING),
  /** An agent's clock is off from the collector's by more than the bound (measured over the stream's round trips). */
  AGENT_CLOCK(Severity.WARNING);

  /** The kinds of ground-truth episodes ({@link GroundTruth}): one open episode per kind and key, beside divergences. */
  static final java.util.Set<EpisodeKind> GROUND_TRUTH = java.util.EnumSet.of(CHECKSUM_MISMATCH, SUMDB_FORK, SUMDB_STALE);

  private final Severity severity;

  EpisodeKind(Severity severity) {
    this.severity = severity;
  }

  public Severity severity() {
    return severity;
  }

  /** About one agent (agent_id set), not a target. */
  public boolean aboutAgent() {
    return this == AGENT_OFFLINE || this == AGENT_CLOCK;
  }

  /** The name stored in the database and shown by the API: {@code status}, {@code agent_offline}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<EpisodeKind> ofLabel(String label) {
    return Arrays.stream(values()).filter(k -> k.label().equals(label)).findFirst();
  }

  /** The kind of a cross-region disagreement between these distinct fingerprints (at least two). */
  static EpisodeKind classify(Collection<Fingerprint> distinct) {
    if (distinct.stream().map(f -> f.status() + f.error()).distinct().count() > 1) return STATUS;
    if (distinct.stream().map(Fingerprint::redirect).distinct().count() > 1) return REDIRECT;
    if (distinct.stream().map(Fingerprint::sha256).filter(s -> !s.isEmpty()).distinct().count() > 1) return CONTENT;
    return ETAG;
  }

  /** How urgently a person should look: carried to every channel (a label for Alertmanager). */
  public enum Severity {
    CRITICAL, WARNING, INFO;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
