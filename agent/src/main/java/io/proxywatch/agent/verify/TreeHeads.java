package io.proxywatch.agent.verify;

import io.proxywatch.agent.schedule.Threads;
import io.proxywatch.proto.v1.EndpointKind;
import io.proxywatch.proto.v1.Sample;
import io.proxywatch.proto.v1.SumDbHead;
import io.proxywatch.proto.v1.Target;
import io.proxywatch.sumdb.SignedTreeHead;
import io.proxywatch.sumdb.SumDbException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code /latest} of every source of the checksum database (each proxy's copy and the direct one) every
 * {@code headsEvery} and reports each as a tree-head record: the whole signed note when its signature verified,
 * else the error. The collector keeps them as the witness log and judges forks and staleness from them.
 */
final class TreeHeads implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(TreeHeads.class);
  private static final int MAX_ERROR = 1024;

  private final SumDbSources sources;
  private final Consumer<Sample.Builder> out;
  private final Clock clock;
  private final Duration every;
  private final String defaultProxy;
  private final Set<String> proxies = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Threads.named("proxywatch-sumdb-heads"));

  TreeHeads(SumDbSources sources, Consumer<Sample.Builder> out, Clock clock, Duration every, String defaultProxy) {
    this.sources = sources;
    this.out = out;
    this.clock = clock;
    this.every = every;
    this.defaultProxy = defaultProxy;
    proxies.add("");
  }

  /** A proxy a target set names ("" is the agent's own --proxy); its copy of the database is read from then on. */
  void proxy(String proxy) {
    proxies.add(proxy);
  }

  void start() {
    timer.scheduleAtFixedRate(this::readAll, 0, every.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void readAll() {
    try {
      for (String proxy : proxies) {
        for (SumDbSources.Source s : sources.forProxy(proxy.isEmpty() ? defaultProxy : proxy)) read(proxy, s);
      }
    } catch (RuntimeException e) {
      logger.warn("reading tree heads failed unexpectedly", e);
    }
  }

  private void read(String proxy, SumDbSources.Source s) {
    SumDbHead.Builder head = SumDbHead.newBuilder().setSumdbName(sources.name()).setSource(s.base()).setVia(s.via());
    try {
      SignedTreeHead latest = s.verifier().latest();
      head.setNote(latest.note()).setTreeSize(latest.size()).setRootHash(latest.hash().toString());
    } catch (SumDbException e) {
      String error = "sumdb_" + e.reason().name().toLowerCase(Locale.ROOT) + ": " + e.getMessage();
      head.setError(error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR));
      logger.debug("latest of {}: {}", s.base(), error);
    }
    long now = ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant());
    out.accept(Sample.newBuilder().setTarget(Target.newBuilder().setModule(sources.name())
            .setEndpoint(EndpointKind.ENDPOINT_KIND_LATEST).setUrl(s.base() + "latest").setProxy(proxy))
        .setMethod("GET").setScheduledUnixMicros(now).setStartedUnixMicros(now).setSumdbHead(head));
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
