package io.proxywatch.collector.metrics;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.proxywatch.collector.alerting.FailureStreak;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's process-wide meters: JVM, process and HikariCP binders, {@code proxywatch_leader}, and the
 * open-episode gauges read from the database every {@link #EPISODES_EVERY} on a thread of their own.
 */
public final class CollectorMetrics implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(CollectorMetrics.class);
  static final Duration EPISODES_EVERY = Duration.ofSeconds(10);

  private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "proxywatch-metrics");
    thread.setDaemon(true);
    return thread;
  });
  private final JvmGcMetrics gc = new JvmGcMetrics();

  private CollectorMetrics() {}

  /** Binds everything to {@code registry} and starts reading episodes from {@code pool}. */
  public static CollectorMetrics start(MeterRegistry registry, HikariDataSource pool, BooleanSupplier leader) {
    CollectorMetrics metrics = new CollectorMetrics();
    // promtool refuses process_cpu_time_ns_total (an abbreviated unit) and system_cpu_count (a _count suffix).
    registry.config().meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"))
        .meterFilter(MeterFilter.denyNameStartsWith("system.cpu.count"));
    new JvmMemoryMetrics().bindTo(registry);
    metrics.gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    pool.setMetricRegistry(registry);
    Gauge.builder("proxywatch_leader", () -> leader.getAsBoolean() ? 1 : 0)
        .description("1 while this replica leads evaluation and notification, else 0").register(registry);
    EpisodeGauges episodes = new EpisodeGauges(pool, registry);
    FailureStreak streak = new FailureStreak(logger, "reading open episodes for /metrics");
    metrics.refresher.scheduleWithFixedDelay(() -> refresh(episodes, streak), 0, EPISODES_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    return metrics;
  }

  private static void refresh(EpisodeGauges episodes, FailureStreak streak) {
    try {
      episodes.refresh();
      streak.succeeded();
    } catch (Exception e) {
      streak.failed(e.toString());
    }
  }

  @Override
  public void close() {
    refresher.shutdownNow();
    gc.close();
  }
}
