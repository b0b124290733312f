package io.proxywatch.collector.alerting;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
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

  private final NotificationOutbox outbox;
  private final Notifier notifier;

  private Alerting(NotificationOutbox outbox, Notifier notifier) {
    this.outbox = outbox;
    this.notifier = notifier;
  }

  /**
   * Starts the notifier. It delivers only while {@code isLeader} says so (asked before every row and poll, so it
   * must be cheap and never block); {@code firingNow} returns the episodes firing at the moment, re-sent to
   * Alertmanager every resend interval (called only then, only on the leader, only if Alertmanager is configured).
   */
  public static Alerting create(AlertingConfig config, DataSource dataSource, MeterRegistry meters, Clock clock,
                                BooleanSupplier isLeader, Supplier<List<AlertEvent>> firingNow) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(meters, "meters");
    Objects.requireNonNull(isLeader, "isLeader");
    Objects.requireNonNull(firingNow, "firingNow");
    List<Channel> channels = channels(config, Objects.requireNonNull(clock, "clock"));
    Notifier notifier = Notifier.start(channels, dataSource, meters, config.timings(), isLeader, firingNow);
    logger.info("notifications: {} channels {}; {}", channels.size(), channels.stream().map(Channel::id).toList(), config);
    return new Alerting(new NotificationOutbox(channels.stream().map(Channel::id).toList()), notifier);
  }

  static List<Channel> channels(AlertingConfig config, Clock clock) {
    List<Channel> channels = new ArrayList<>();
    for (URI url : config.webhookUrls()) channels.add(new WebhookChannel(url, config.webhookSecret(), clock));
    for (URI url : config.slackUrls()) channels.add(new SlackChannel(url, clock));
    for (URI url : config.alertmanagerUrls()) channels.add(new AlertmanagerChannel(url, clock));
    return channels;
  }

  public NotificationOutbox outbox() {
    return outbox;
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
