package io.proxywatch.collector.alerting;

import io.micrometer.core.instrument.MeterRegistry;
import io.proxywatch.collector.divergence.EpisodeEvents;
import io.proxywatch.collector.divergence.EpisodeView;
import java.net.URI;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Notifications wired together: the outbox the detector writes to and the notifier that delivers it. */
public final class Alerting implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(Alerting.class);

  private final EpisodeAlerts alerts;
  private final Notifier notifier;

  private Alerting(EpisodeAlerts alerts, Notifier notifier) {
    this.alerts = alerts;
    this.notifier = notifier;
  }

  /** The episodes firing at the moment, read from the database (may throw; the notifier logs a failure streak once). */
  @FunctionalInterface
  public interface FiringEpisodes {
    List<EpisodeView> list() throws SQLException;
  }

  /**
   * Builds the channels once and starts the notifier. It delivers only while {@code isLeader} says so (asked before
   * every row and poll, so it must be cheap and never block); {@code firing} is re-sent to Alertmanager every resend
   * interval (called only then, only on the leader, only if Alertmanager is configured). {@code publicUrl} is where
   * people reach this collector's REST API, for links in notifications; it may be empty.
   */
  public static Alerting create(AlertingConfig config, String publicUrl, DataSource dataSource, MeterRegistry meters,
                                Clock clock, BooleanSupplier isLeader, FiringEpisodes firing) {
    Objects.requireNonNull(firing, "firing");
    List<Channel> channels = channels(config, Objects.requireNonNull(clock, "clock"));
    EpisodeAlerts alerts = new EpisodeAlerts(channels, publicUrl, meters);
    return start(config, channels, alerts, dataSource, meters, isLeader, () -> alerts.firing(firing));
  }

  /** As {@link #create}, with the firing alerts given directly (tests drive them by hand). */
  static Alerting create(AlertingConfig config, DataSource dataSource, MeterRegistry meters, Clock clock,
                         BooleanSupplier isLeader, Supplier<List<AlertEvent>> firingNow) {
    List<Channel> channels = channels(config, Objects.requireNonNull(clock, "clock"));
    return start(config, channels, new EpisodeAlerts(channels, "", meters), dataSource, meters, isLeader, firingNow);
  }

  private static Alerting start(AlertingConfig config, List<Channel> channels, EpisodeAlerts alerts,
                                DataSource dataSource, MeterRegistry meters, BooleanSupplier isLeader,
                                Supplier<List<AlertEvent>> firingNow) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(meters, "meters");
    Objects.requireNonNull(isLeader, "isLeader");
    Notifier notifier = Notifier.start(channels, dataSource, meters, config.timings(), isLeader, firingNow);
    logger.info("notifications: {} channels {}; {}", channels.size(), channels.stream().map(Channel::id).toList(), config);
    return new Alerting(alerts, notifier);
  }

  static List<Channel> channels(AlertingConfig config, Clock clock) {
    List<Channel> channels = new ArrayList<>();
    for (URI url : config.webhookUrls()) channels.add(new WebhookChannel(url, config.webhookSecret(), clock, Route.ALL));
    for (URI url : config.slackUrls()) channels.add(new SlackChannel(url, clock, Route.ALL));
    for (URI url : config.alertmanagerUrls()) channels.add(new AlertmanagerChannel(url, clock, Route.ALL));
    for (RoutedChannel routed : config.routes()) channels.add(routed.channel(config.webhookSecret(), clock));
    return channels;
  }

  /** Where divergence records its episode events (in its own transaction); call {@link #wake()} after the commit. */
  public EpisodeEvents episodeEvents() {
    return alerts;
  }

  NotificationOutbox outbox() {
    return alerts.outbox();
  }

  public Notifier notifier() {
    return notifier;
  }

  /** Same as {@code notifier().wake()}: call it after committing events. */
  public void wake() {
    notifier.wake();
  }

  @Override
  public void close() {
    notifier.close();
  }
}
