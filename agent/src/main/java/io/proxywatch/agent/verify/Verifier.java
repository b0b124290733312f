package io.proxywatch.agent.verify;

import com.google.protobuf.ByteString;
import io.proxywatch.proto.v1.EndpointKind;
import io.proxywatch.proto.v1.Sample;
import io.proxywatch.proto.v1.Verification;
import io.proxywatch.proto.v1.VerificationOutcome;
import io.proxywatch.proto.v1.VerifiedFile;
import io.proxywatch.sumdb.GoSumDb;
import io.proxywatch.sumdb.SumDbException;
import io.proxywatch.sumdb.VerifiedLookup;
import io.proxywatch.sumdb.dirhash.ZipDigest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import io.proxywatch.agent.schedule.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies what probes saw against the checksum database. {@link #observe} is the seam: the agent's sink hands it
 * every probe sample. A .mod is verified from the h1 its probe recorded; a .zip by a separate full GET. Each is
 * verified once per proxy, module and version, again at once when what identifies it changes (the .mod's h1; the
 * .zip's ETag, Content-Length or redirect target) and again after {@code every}; an unverifiable one is tried
 * again after at most 15 minutes. Work runs on one thread with a bounded queue: a full queue skips (and the next
 * probe asks again), it never blocks probing. Results go to {@code out} as verification samples.
 */
public final class Verifier implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(Verifier.class);
  private static final Duration RETRY_UNVERIFIABLE = Duration.ofMinutes(15);
  private static final int MAX_PUSHED_GOSUMDB = 1024;

  private record Key(String proxy, String module, String version, VerifiedFile file) {}

  private record Seen(String identity, Instant due) {}

  /** What the last full GET of a zip read: its SHA-256, with the strong ETag and length it came with. */
  private record Hashed(String etag, long bytes, ByteString sha256) {}

  private final VerifyConfig config;
  private final String defaultProxy;
  private final Consumer<Sample.Builder> out;
  private final Clock clock;
  private final SumDbSources sources;
  private final ZipDownload zips;
  private final ThreadPoolExecutor worker;
  private final TreeHeads heads;
  private final Map<Key, Seen> seen = new ConcurrentHashMap<>();
  private final Set<Key> queued = ConcurrentHashMap.newKeySet();
  private final Map<Key, Hashed> hashed = new ConcurrentHashMap<>();
  private final AtomicLong verified = new AtomicLong();

  /** fetcher: how zips and the checksum database are reached (the agent's prober: the probes' trust, pins, proxy). */
  public Verifier(VerifyConfig config, String defaultProxy, Path tmpDir, Fetcher fetcher,
      Consumer<Sample.Builder> out, Clock clock) {
    this.config = config;
    this.defaultProxy = defaultProxy;
    this.out = out;
    this.clock = clock;
    Bandwidth bandwidth = new Bandwidth(config.bandwidth(), System::nanoTime);
    this.sources = new SumDbSources(config.gosumdb(), bandwidth, fetcher, clock::instant);
    this.zips = new ZipDownload(bandwidth, tmpDir, fetcher);
    this.heads = new TreeHeads(sources, out, clock, config.headsEvery(), defaultProxy);
    this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000),
        Threads.named("proxywatch-verify"));
  }

  /** Called with every probe sample; queues a verification when one is due. Never blocks, never throws. */
  public void observe(Sample probe) {
    if (probe.hasVerification() || probe.hasSumdbHead() || !probe.getCheckId().isEmpty()) return;
    heads.proxy(probe.getTarget().getProxy());
    EndpointKind kind = probe.getTarget().getEndpoint();
    if (kind == EndpointKind.ENDPOINT_KIND_MOD && !probe.getGoModH1().isEmpty()) {
      due(key(probe, VerifiedFile.VERIFIED_FILE_MOD), probe.getGoModH1(), probe);
    } else if (kind == EndpointKind.ENDPOINT_KIND_ZIP && (probe.getHttpStatus() == 200 || isRedirect(probe))) {
      due(key(probe, VerifiedFile.VERIFIED_FILE_ZIP), zipIdentity(probe), probe);
    }
  }

  /**
   * Gives a HEAD probe of a .zip the SHA-256 of its body when this agent's last full GET of the same zip read it:
   * same proxy, module and version, a 200 with the same strong ETag and the same Content-Length. The zip's
   * fingerprint then comes from its bytes, so one edge serving other bytes is a content divergence, not only an ETag
   * one. Nothing is set when no GET read it yet, the ETag is weak or absent, or anything differs.
   */
  public void lendBodyHash(Sample.Builder probe) {
    if (probe.getTarget().getEndpoint() != EndpointKind.ENDPOINT_KIND_ZIP || probe.getHttpStatus() != 200
        || !probe.getContentSha256().isEmpty() || !probe.hasContentLength() || !probe.getCheckId().isEmpty()) {
      return;
    }
    Hashed h = hashed.get(new Key(probe.getTarget().getProxy(), probe.getTarget().getModule(),
        probe.getTarget().getVersion(), VerifiedFile.VERIFIED_FILE_ZIP));
    if (h != null && strong(probe.getEtag()) && h.etag().equals(probe.getEtag()) && h.bytes() == probe.getContentLength()) {
      probe.setContentSha256(h.sha256());
    }
  }

  private static boolean strong(String etag) {
    return !etag.isEmpty() && !etag.startsWith("W/");
  }

  private static boolean isRedirect(Sample s) {
    return s.getHttpStatus() >= 300 && s.getHttpStatus() < 400 && !s.getLocation().isEmpty();
  }

  /** What makes a zip "the same zip" for re-verification: ETag, length and redirect target without its query. */
  static String zipIdentity(Sample s) {
    String location = s.getLocation();
    int q = location.indexOf('?');
    return s.getEtag() + "|" + (s.hasContentLength() ? s.getContentLength() : "") + "|"
        + (q < 0 ? location : location.substring(0, q));
  }

  private Key key(Sample probe, VerifiedFile file) {
    return new Key(probe.getTarget().getProxy(), probe.getTarget().getModule(), probe.getTarget().getVersion(), file);
  }

  private void due(Key key, String identity, Sample probe) {
    Seen last = seen.get(key);
    boolean due = last == null || !last.identity().equals(identity) || !clock.instant().isBefore(last.due());
    if (!due || !queued.add(key)) return;
    try {
      worker.execute(() -> run(key, identity, probe));
    } catch (RejectedExecutionException e) {
      queued.remove(key);
      logger.debug("verification queue full or closed; {} waits for its next probe", key);
    }
  }

  private void run(Key key, String identity, Sample probe) {
    try {
      Verification v = key.file() == VerifiedFile.VERIFIED_FILE_MOD ? verifyMod(probe) : verifyZip(key, probe);
      boolean unverifiable = v.getOutcome() == VerificationOutcome.VERIFICATION_OUTCOME_UNVERIFIABLE;
      Duration next = unverifiable && RETRY_UNVERIFIABLE.compareTo(config.every()) < 0 ? RETRY_UNVERIFIABLE : config.every();
      seen.put(key, new Seen(identity, clock.instant().plus(next)));
      out.accept(record(probe, v.toBuilder().setSumdbName(sources.name()).build()));
      verified.incrementAndGet();
    } catch (RuntimeException e) {
      logger.warn("verification of {} failed unexpectedly", key, e);
    } finally {
      queued.remove(key);
    }
  }

  private Verification verifyMod(Sample probe) {
    return lookup(VerifiedFile.VERIFIED_FILE_MOD, probe.getGoModH1(), probe).build();
  }

  private Verification verifyZip(Key key, Sample probe) {
    Target t = Target.of(probe);
    ZipDigest digest;
    try {
      ZipDownload.Downloaded got = zips.hash(t.url(), t.module(), t.version());
      digest = got.digest();
      if (strong(got.etag())) {
        hashed.put(key, new Hashed(got.etag(), digest.bytes(), ByteString.copyFrom(HexFormat.of().parseHex(digest.sha256()))));
      } else {
        hashed.remove(key);
      }
    } catch (ZipDownload.Failed e) {
      hashed.remove(key);
      return Verdicts.unverifiable(VerifiedFile.VERIFIED_FILE_ZIP, null, e.reason, e.getMessage(), null).build();
    }
    return lookup(VerifiedFile.VERIFIED_FILE_ZIP, digest.h1(), probe).setZipSha256(digest.sha256()).build();
  }

  /** Tries the proxy's copy of the database, then the direct one; unverifiable with the last error if none proves. */
  private Verification.Builder lookup(VerifiedFile file, String observed, Sample probe) {
    List<SumDbSources.Source> list = sources.forProxy(proxyBase(probe.getTarget().getProxy()));
    SumDbException last = new SumDbException(SumDbException.Reason.UNAVAILABLE, "no source for " + sources.name());
    for (SumDbSources.Source s : list) {
      try {
        VerifiedLookup proven = s.verifier().lookup(probe.getTarget().getModule(), probe.getTarget().getVersion());
        return Verdicts.judged(file, observed, proven, s);
      } catch (SumDbException e) {
        last = e;
        logger.debug("lookup of {}@{} at {}: {}", probe.getTarget().getModule(), probe.getTarget().getVersion(),
            s.base(), e.getMessage());
      }
    }
    return Verdicts.unverifiable(file, observed, last, list.isEmpty() ? null : list.get(list.size() - 1));
  }

  String proxyBase(String proxy) {
    return proxy.isEmpty() ? defaultProxy : proxy;
  }

  private Sample.Builder record(Sample probe, Verification v) {
    long now = ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant());
    return Sample.newBuilder().setTarget(probe.getTarget()).setMethod("GET").setHttpStatus(probe.getHttpStatus())
        .setEtag(probe.getEtag()).setLocation(Verdicts.cut(probe.getLocation())).setScheduledUnixMicros(now)
        .setStartedUnixMicros(now).setVerification(v);
  }

  /**
   * The GOSUMDB the collector pushed with the target set. It replaces the database only while this agent's own
   * --gosumdb is the default (sum.golang.org); "" or an invalid value goes back to the agent's own. A change
   * forgets what was verified, so everything is verified again against the database now used.
   */
  public void pushed(String gosumdb) {
    GoSumDb next = config.gosumdb();
    if (config.gosumdb().equals(GoSumDb.DEFAULT) && !gosumdb.isEmpty()) {
      try {
        if (gosumdb.length() > MAX_PUSHED_GOSUMDB) {
          throw new IllegalArgumentException("longer than " + MAX_PUSHED_GOSUMDB + " characters");
        }
        next = GoSumDb.parse(gosumdb);
      } catch (IllegalArgumentException e) {
        logger.warn("pushed gosumdb ignored: {}", Verdicts.cut(e.getMessage()));
      }
    }
    if (next.equals(sources.db())) return;
    logger.info("verifying against {} from now on", next);
    sources.use(next);
    seen.clear();
  }

  /** Starts reading tree heads; verifications start with the first probe observed. */
  public void start() {
    heads.start();
  }

  /** Verification records produced so far. */
  public long verifications() {
    return verified.get();
  }

  @Override
  public void close() {
    heads.close();
    worker.shutdownNow();
  }

  /** The parts of a probe's target a download needs. */
  private record Target(String url, String module, String version) {
    static Target of(Sample s) {
      return new Target(s.getTarget().getUrl(), s.getTarget().getModule(), s.getTarget().getVersion());
    }
  }
}
