package io.proxywatch.agent.targets;

import io.proxywatch.common.Identifiers;
import io.proxywatch.agent.probe.Endpoint;
import io.proxywatch.agent.probe.HostPin;
import io.proxywatch.agent.probe.ModulePaths;
import io.proxywatch.agent.probe.ProbeTarget;
import io.proxywatch.agent.probe.ProxyUrls;
import io.proxywatch.agent.schedule.ScheduledTarget;
import io.proxywatch.proto.v1.CheckRequest;
import io.proxywatch.proto.v1.ProbeSpec;
import io.proxywatch.proto.v1.TargetSet;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads TargetSet and CheckRequest messages as hostile input, with the limits of the contract. A message
 * over a limit (more than 100,000 targets or 64 pins, more than 1,000 check targets, a bad check id) is
 * rejected whole with one WARN line and changes nothing; a bad entry (proxy URL, module path, version,
 * endpoint, interval) is skipped, the first few named at WARN and all counted in one line.
 */
public final class TargetSets {
  private static final Logger logger = LoggerFactory.getLogger(TargetSets.class);
  public static final int MAX_TARGETS = 100_000;
  public static final int MAX_PINS = 64;
  public static final int MAX_CHECK_TARGETS = 1_000;
  static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
  /** Not in the contract: keeps the arithmetic on intervals far from overflow. */
  static final Duration MAX_INTERVAL = Duration.ofDays(7);
  private static final Pattern CHECK_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final int NAMED = 5;

  private TargetSets() {}

  /** The valid part of {@code set}, or empty when the set is over a limit. */
  public static Optional<PushedTargets> read(TargetSet set) {
    String name = "target set " + set.getVersion();
    if (set.getTargetsCount() > MAX_TARGETS || set.getPinsCount() > MAX_PINS) {
      logger.warn("{} rejected: {} targets and {} pins, at most {} and {} allowed; keeping the current set", name,
          set.getTargetsCount(), set.getPinsCount(), MAX_TARGETS, MAX_PINS);
      return Optional.empty();
    }
    List<ScheduledTarget> targets = valid(name + " target", set.getTargetsList(), TargetSets::scheduled);
    List<HostPin> pins = valid(name + " pin", set.getPinsList(), p -> HostPin.of(p.getHostPort(), p.getAddressPort()));
    return Optional.of(new PushedTargets(set.getVersion(), targets, pins, set));
  }

  /** The valid part of {@code request}, or empty when it is over the limit or its id is bad. */
  public static Optional<Check> read(CheckRequest request) {
    if (!CHECK_ID.matcher(request.getId()).matches() || request.getTargetsCount() > MAX_CHECK_TARGETS) {
      logger.warn("check request rejected: expected an id of 1-64 characters of [A-Za-z0-9._-] and at most {} "
          + "targets, got \"{}\" and {}", MAX_CHECK_TARGETS, cap(request.getId()), request.getTargetsCount());
      return Optional.empty();
    }
    return Optional.of(new Check(request.getId(),
        valid("check " + request.getId() + " target", request.getTargetsList(), TargetSets::target)));
  }

  private static <M, T> List<T> valid(String what, List<M> entries, Function<M, T> reader) {
    List<T> out = new ArrayList<>(entries.size());
    int bad = 0;
    for (int i = 0; i < entries.size(); i++) {
      try {
        out.add(reader.apply(entries.get(i)));
      } catch (IllegalArgumentException e) {
        if (bad++ < NAMED) logger.warn("{} #{} skipped: {}", what, i, cap(e.getMessage()));
      }
    }
    if (bad > 0) logger.warn("{}s: {} of {} skipped as invalid", what, bad, entries.size());
    return out;
  }

  static ScheduledTarget scheduled(ProbeSpec spec) {
    long micros = spec.getIntervalMicros();
    if (micros < MIN_INTERVAL.toNanos() / 1000 || micros > MAX_INTERVAL.toNanos() / 1000) {
      throw new IllegalArgumentException("interval_micros: expected 1 s to 7 days, got " + micros);
    }
    return new ScheduledTarget(target(spec), Duration.of(micros, ChronoUnit.MICROS));
  }

  static ProbeTarget target(ProbeSpec spec) {
    String proxy = spec.getProxy().isEmpty() ? "" : ProxyUrls.check(spec.getProxy());
    Endpoint endpoint = Endpoint.of(spec.getEndpoint());
    Identifiers.checkModulePath(spec.getModule());
    if (endpoint.perVersion()) Identifiers.checkVersion(spec.getVersion());
    else if (!spec.getVersion().isEmpty()) {
      throw new IllegalArgumentException("version: expected none for " + endpoint.configName() + ", got \""
          + cap(spec.getVersion()) + "\"");
    }
    return new ProbeTarget(proxy, spec.getModule(), spec.getVersion(), endpoint);
  }

  private static String cap(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }
}
