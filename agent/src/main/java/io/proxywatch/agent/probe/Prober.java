package io.proxywatch.agent.probe;

import com.google.protobuf.ByteString;
import io.proxywatch.proto.v1.Sample;
import io.proxywatch.sumdb.dirhash.H1;
import io.proxywatch.proto.v1.Target;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes one Go module proxy URL and describes what happened as a sample (without sequence, agent and
 * schedule fields, which the caller fills in). It never throws: every failure becomes a sample with an
 * error class. Safe for concurrent use.
 */
public final class Prober implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(Prober.class);

  private final ProbeSettings settings;
  private final LongSupplier nanoTime;
  private final OkHttpClient base;

  public Prober(ProbeSettings settings, LongSupplier nanoTime) {
    this.settings = settings;
    this.nanoTime = nanoTime;
    this.base = HttpClients.base(settings);
  }

  public Sample.Builder probe(ProbeTarget target) {
    String url = target.url(settings.proxyBase());
    Sample.Builder sample = Sample.newBuilder().setTarget(targetMessage(target, url))
        .setMethod(target.endpoint().method());
    PhaseListener phases = new PhaseListener(nanoTime);
    try {
      Call call = HttpClients.forProbe(base, settings, phases).newCall(request(target, url));
      exchange(call, phases, sample, target.endpoint() == Endpoint.MOD);
    } catch (IOException | RuntimeException e) {
      fail(e, phases, sample);
    } finally {
      sample.setTimings(phases.timings(nanoTime.getAsLong()));
      sample.setRemoteAddress(ResponseRecorder.address(phases.remote()));
    }
    return sample;
  }

  /** A .mod's body is kept so that its h1 (what go.sum records) goes into the sample: verification's seam. */
  private void exchange(Call call, PhaseListener phases, Sample.Builder sample, boolean mod) throws IOException {
    BodyDigest body = new BodyDigest(mod);
    phases.start();
    try (Response response = call.execute()) {
      ResponseRecorder.record(response, sample);
      phases.enterBody();
      if (!"HEAD".equals(call.request().method())) {
        body.consume(response.body().byteStream(), settings.maxBodyBytes());
        sample.setContentSha256(ByteString.copyFrom(body.digest()));
        if (mod && response.code() == 200) sample.setGoModH1(H1.goMod(body.kept()));
      }
    } finally {
      sample.setBodyBytes(body.bytes());
    }
  }

  private void fail(Exception e, PhaseListener phases, Sample.Builder sample) {
    long timeoutMillis = settings.timeout().toMillis();
    boolean deadlinePassed = phases.elapsedNanos() >= TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    ProbeFailure failure = ProbeFailure.of(e, phases.phase(), deadlinePassed, timeoutMillis);
    if (e instanceof RuntimeException) logger.warn("unexpected failure probing {}", sample.getTarget().getUrl(), e);
    sample.setErrorClass(failure.errorClass()).setErrorMessage(failure.message());
  }

  private Request request(ProbeTarget target, String url) {
    return new Request.Builder()
        .url(url)
        .method(target.endpoint().method(), null)
        .header("User-Agent", settings.userAgent())
        // Without this OkHttp asks for gzip and inflates transparently: the hash, the byte count and
        // Content-Length would then describe something other than what the proxy serves.
        .header("Accept-Encoding", "identity")
        .build();
  }

  private static Target targetMessage(ProbeTarget target, String url) {
    return Target.newBuilder().setModule(target.module()).setVersion(target.version())
        .setEndpoint(target.endpoint().kind()).setUrl(url).build();
  }

  /** Cancels probes in flight and releases OkHttp's threads and pooled connections. Idempotent. */
  @Override
  public void close() {
    base.dispatcher().cancelAll();
    base.dispatcher().executorService().shutdown();
    base.connectionPool().evictAll();
  }
}
