package io.proxywatch.agent;

import io.grpc.ManagedChannel;
import io.proxywatch.agent.metrics.AgentMetrics;
import io.proxywatch.agent.metrics.MetricsServer;
import io.proxywatch.agent.probe.DnsCaching;
import io.proxywatch.agent.probe.GoproxyAuth;
import io.proxywatch.agent.probe.Reach;
import io.proxywatch.agent.probe.UdpDns;
import io.proxywatch.agent.probe.ProbeSettings;
import io.proxywatch.agent.probe.ProbeTarget;
import io.proxywatch.agent.probe.Prober;
import io.proxywatch.agent.probe.TrustMaterial;
import io.proxywatch.agent.schedule.ProbeScheduler;
import io.proxywatch.agent.schedule.ScheduledTarget;
import io.proxywatch.agent.schedule.Threads;
import io.proxywatch.agent.spool.DiskSpool;
import io.proxywatch.agent.spool.Outbox;
import io.proxywatch.agent.targets.TargetSetFile;
import io.proxywatch.agent.transport.BearerToken;
import io.proxywatch.agent.transport.CollectorChannels;
import io.proxywatch.agent.transport.CollectorClient;
import io.proxywatch.agent.verify.Verifier;
import io.proxywatch.agent.verify.VerifyConfig;
import io.proxywatch.proto.v1.AgentStats;
import io.proxywatch.proto.v1.Hello;
import io.proxywatch.proto.v1.Sample;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import okhttp3.Dns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A running proxywatch agent: probes on a schedule, numbers the samples, streams them to the collector.
 * {@link #start} returns once everything is running; {@link #close} stops it all. Embeddable: the
 * collector's end-to-end tests run real agents in-process.
 */
public final class Agent implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(Agent.class);
  private static final Duration STATS_EVERY = Duration.ofMinutes(5);
  private static final Duration STOP_GRACE = Duration.ofSeconds(2);
  /** As resolv.conf's default: a DNS server that does not answer within 5 s is not going to. */
  private static final Duration DNS_TIMEOUT = Duration.ofSeconds(5);

  private final AgentConfig config;
  private final Outbox outbox;
  private final Prober prober;
  private final ProbeScheduler scheduler;
  private final CollectorClient transport;
  private final AgentTargets targets;
  private final Verifier verifier;
  private final AgentMetrics metrics;
  private MetricsServer metricsServer;
  /** The periodic log line, and the re-reading of the collector TLS files. */
  private final ScheduledExecutorService stats =
      Executors.newSingleThreadScheduledExecutor(Threads.named("proxywatch-stats"));
  private final AtomicBoolean closed = new AtomicBoolean();

  private Agent(AgentConfig config, VerifyConfig verify, Clock clock, Outbox outbox) {
    this.config = config;
    this.outbox = outbox;
    ProbeSettings settings = probeSettings(config);
    BearerToken token = BearerToken.of(config.token(), config.tokenFile());
    ManagedChannel channel;
    try {
      channel = CollectorChannels.open(config.collectorTarget(), stats);
    } catch (RuntimeException e) {
      stats.shutdownNow(); // it may already run the TLS files' reload tasks
      throw e;
    }
    this.prober = new Prober(settings, System::nanoTime);
    this.verifier = verify.enabled() ? new Verifier(verify, config.proxy().toString(), config.stateDir(),
        url -> prober.fetch(url, verify.timeout()), this::enqueue, clock) : null;
    this.scheduler = new ProbeScheduler(config.concurrency(), prober::probe, this::enqueue, clock,
        RandomGenerator.getDefault());
    this.targets = new AgentTargets(localTargets(config), config.connectTo(), config.proxy().toString(), scheduler, prober,
        new TargetSetFile(config.stateDir()), verifier == null ? gosumdb -> {} : verifier::pushed);
    this.transport = new CollectorClient(channel, config.collector(), token, outbox, () -> hello(clock), targets,
        RandomGenerator.getDefault());
    this.metrics = new AgentMetrics(config.agentId(), config.region(), SoftwareVersion.get(), this::stats);
    transport.statsFrom(this::stats);
  }

  /**
   * Starts an agent: opens (and after a crash, recovers) its spool, then probes and streams.
   * IllegalStateException if its state directory is in use by another agent, UncheckedIOException if it
   * cannot be used, IllegalArgumentException naming the option if a token or TLS file is unusable.
   */
  public static Agent start(AgentConfig config) {
    return start(config, VerifyConfig.OFF);
  }

  /** Starts an agent that also verifies against a checksum database (io.proxywatch.agent.verify). */
  public static Agent start(AgentConfig config, VerifyConfig verify) {
    Map<String, String> caller = MDC.getCopyOfContextMap();
    MDC.put("agent_id", config.agentId()); // the agent's threads take these over (Threads)
    MDC.put("region", config.region());
    try {
      return startLogged(config, verify);
    } finally {
      MDC.setContextMap(caller == null ? Map.of() : caller);
    }
  }

  private static Agent startLogged(AgentConfig config, VerifyConfig verify) {
    DnsCaching.disable();
    DiskSpool spool = DiskSpool.open(config.stateDir(), config.spoolMaxBytes());
    Agent agent;
    try {
      agent = new Agent(config, verify, Clock.systemUTC(), spool);
    } catch (RuntimeException e) {
      spool.close();
      throw e;
    }
    try {
      if (config.metrics() != null) agent.metricsServer = MetricsServer.start(config.metrics(), agent.metrics);
    } catch (RuntimeException e) {
      agent.close();
      throw e;
    }
    agent.targets.start(); // before the stream: a pushed set must never be overwritten by the persisted one
    agent.transport.start();
    if (agent.verifier != null) agent.verifier.start();
    agent.stats.scheduleAtFixedRate(agent::logStats, STATS_EVERY.toSeconds(), STATS_EVERY.toSeconds(),
        TimeUnit.SECONDS);
    logger.info("agent {} started (version {}): {} {}", config.agentId(), SoftwareVersion.get(), config.redacted(),
        verify.describe());
    return agent;
  }

  /** --module targets, below --proxy, every --interval. */
  private static List<ScheduledTarget> localTargets(AgentConfig config) {
    return ProbeTarget.expand(config.proxy().toString(), config.modules(), config.endpoints()).stream()
        .map(t -> new ScheduledTarget(t, config.interval())).toList();
  }

  private void enqueue(Sample.Builder sample) {
    if (verifier != null) verifier.lendBodyHash(sample);
    Sample stored = outbox.add(sample.setAgentId(config.agentId()).setRegion(config.region()));
    metrics.probe(stored);
    if (verifier != null) verifier.observe(stored);
  }

  /** What the stream carries with each batch and /metrics shows. */
  private AgentStats stats() {
    AgentStats.Builder stats = AgentStats.newBuilder().setSpoolSamples(outbox.size()).setSpoolBytes(outbox.bytes())
        .setSamplesDropped(outbox.dropped()).setProbesDone(scheduler.probesDone()).setProbesSkipped(scheduler.probesSkipped());
    transport.lastAckAge().ifPresent(age -> stats.setLastAckAgeMicros(age.toNanos() / 1000));
    return stats.build();
  }

  /** Where /metrics and /healthz listen, when {@code --metrics-port} is set. */
  public Optional<InetSocketAddress> metricsAddress() {
    return Optional.ofNullable(metricsServer).map(MetricsServer::address);
  }

  private Hello hello(Clock clock) {
    return Hello.newBuilder().setAgentId(config.agentId()).setRegion(config.region())
        .setSoftwareVersion(SoftwareVersion.get())
        .setAgentTimeUnixMicros(ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant()))
        .setTargetSetVersion(targets.version()).build();
  }

  public AgentConfig config() {
    return config;
  }

  /** The version of the pushed target set being probed; 0 for none. */
  public long targetSetVersion() {
    return targets.version();
  }

  public AgentCounters counters() {
    return new AgentCounters(scheduler.probesDone(), scheduler.probesSkipped(), transport.samplesSent(),
        transport.samplesAcked(), outbox.dropped(), outbox.size());
  }

  private void logStats() {
    logger.info("agent {}: {}", config.agentId(), counters());
  }

  /** Stops scheduling, cancels probes in flight, ends the stream, releases all threads. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    stats.shutdownNow();
    if (metricsServer != null) metricsServer.close();
    scheduler.close();
    if (verifier != null) verifier.close();
    prober.close();
    awaitProbes();
    transport.close();
    outbox.close();
    logger.info("agent {} stopped: {}", config.agentId(), counters());
  }

  private void awaitProbes() {
    try {
      if (!scheduler.awaitTermination(STOP_GRACE)) logger.warn("probes still running after {}", STOP_GRACE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ProbeSettings probeSettings(AgentConfig config) {
    TrustMaterial trust = config.caFile() == null ? TrustMaterial.system() : TrustMaterial.withExtra(config.caFile());
    FetchConfig fetch = config.fetch();
    return new ProbeSettings(config.timeout(), config.maxBodyBytes(), config.keepAlive(), config.concurrency(), trust,
        fetch.userAgent(), fetch.acceptEncoding(), reach(fetch, config.timeout()));
  }

  private static Reach reach(FetchConfig fetch, Duration timeout) {
    Dns resolver = fetch.resolver() == null ? Dns.SYSTEM
        : new UdpDns(fetch.resolver(), fetch.ipFamily(), timeout.compareTo(DNS_TIMEOUT) < 0 ? timeout : DNS_TIMEOUT);
    GoproxyAuth auth = fetch.proxyAuthFile() == null ? null : GoproxyAuth.load(fetch.proxyAuthFile(), Clock.systemUTC());
    return new Reach(fetch.ipFamily(), resolver, fetch.egress(), auth);
  }
}
