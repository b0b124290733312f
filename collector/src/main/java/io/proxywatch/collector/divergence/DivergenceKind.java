package io.proxywatch.collector.divergence;

import java.util.Collection;
import java.util.Locale;

/** Why regions disagree, most serious first. */
enum DivergenceKind {
  /** Different statuses or failure classes (200 vs 404, 200 vs timeout). */
  STATUS,
  /** Redirects to different places (scheme, host or path). */
  REDIRECT,
  /** Bodies with different SHA-256. */
  CONTENT,
  /** Only the ETags differ; bodies are equal or were not read (HEAD). Evidence, not proof. */
  ETAG;

  static DivergenceKind classify(Collection<Fingerprint> distinct) {
    if (distinct.stream().map(f -> f.status() + f.error()).distinct().count() > 1) return STATUS;
    if (distinct.stream().map(Fingerprint::redirect).distinct().count() > 1) return REDIRECT;
    if (distinct.stream().map(Fingerprint::sha256).filter(s -> !s.isEmpty()).distinct().count() > 1) return CONTENT;
    return ETAG;
  }

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
