package io.proxywatch.collector.alerting;

import io.proxywatch.collector.divergence.EpisodeKind;
import io.proxywatch.collector.divergence.EpisodeView;
import java.time.Instant;
import java.util.Objects;

/**
 * A maintenance window: while {@code startsAt <= now < endsAt}, no channel is told about an episode that every set
 * matcher matches (it expires by itself). Matchers: {@code region} (every region the episode names is this one),
 * {@code modulePrefix} (its module starts with it), {@code kind}, {@code proxy} (its URL starts with this base URL).
 */
public record Silence(long id, Fields fields, Instant createdAt, Instant updatedAt) {
  public Silence {
    Objects.requireNonNull(fields, "fields");
  }

  public boolean activeAt(Instant now) {
    return !now.isBefore(fields.startsAt()) && now.isBefore(fields.endsAt());
  }

  public boolean matches(EpisodeView e) {
    Fields f = fields;
    return (f.region().isEmpty() || !e.alertRegions().isEmpty() && e.alertRegions().stream().allMatch(f.region()::equals))
        && (f.modulePrefix().isEmpty() || e.module().startsWith(f.modulePrefix()))
        && (f.kind().isEmpty() || e.kind().label().equals(f.kind()))
        && (f.proxy().isEmpty() || e.url().startsWith(f.proxy()));
  }

  /** What a person sets; {@link SilenceRules#check} validates it. Empty matchers match anything. */
  public record Fields(String region, String modulePrefix, String kind, String proxy, Instant startsAt, Instant endsAt,
                       String author, String comment) {
    public Fields {
      region = orEmpty(region);
      modulePrefix = orEmpty(modulePrefix);
      kind = orEmpty(kind);
      proxy = orEmpty(proxy);
      author = orEmpty(author);
      comment = orEmpty(comment);
    }

    /** The kind matcher as a kind, if set and known. */
    public boolean knownKind() {
      return kind.isEmpty() || EpisodeKind.ofLabel(kind).isPresent();
    }

    private static String orEmpty(String value) {
      return value == null ? "" : value;
    }
  }
}
