package io.proxywatch.agent.probe;

import com.google.protobuf.ByteString;
import io.proxywatch.proto.v1.Sample;
import io.proxywatch.proto.v1.Target;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.zip.GZIPInputStream;
import okhttp3.Call;
import okhttp3.HttpUrl;
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
  private volatile Map<String, HostPin> pins = Map.of();

  public Prober(ProbeSettings settings, LongSupplier nanoTime) {
    this.settings = settings;
    this.nanoTime = nanoTime;
    this.base = HttpClients.base(settings);
  }

  public Sample.Builder probe(ProbeTarget target) {
    String url = target.url();
    Sample.Builder sample = Sample.newBuilder().setTarget(targetMessage(target, url))
        .setMethod(target.endpoint().method());
    PhaseListener phases = new PhaseListener(nanoTime);
    HttpUrl parsed = HttpUrl.parse(url);
    Proxy proxy = parsed == null ? Proxy.NO_PROXY : settings.reach().egress().proxyFor(parsed);
    HostPin pin = proxy == Proxy.NO_PROXY ? pin(parsed) : null; // through a proxy, the proxy resolves the origin
    try {
      String proxyAuthorization = proxy == Proxy.NO_PROXY ? null : settings.reach().egress().authorization(parsed);
      boolean oneRoute = proxy == Proxy.NO_PROXY && parsed != null
          && HttpClients.isAddressLiteral(pin == null ? parsed.host() : pin.address());
      Call call = HttpClients.forProbe(base, settings, phases, pin, proxy, proxyAuthorization, oneRoute)
          .newCall(request(target, url, proxyAuthorization));
      exchange(call, target, phases, sample);
    } catch (IOException | RuntimeException e) {
      fail(e, phases, sample);
    } finally {
      sample.setTimings(phases.timings(nanoTime.getAsLong()));
      InetSocketAddress remote = phases.remote();
      sample.setRemoteAddress(ResponseRecorder.address(pin == null || remote == null ? remote : pin.redirect(remote)));
    }
    return sample;
  }

  /**
   * A GET outside of probing (verification: a module zip, the checksum database through a proxy or directly) that
   * reaches its host the way probes do: the same trust (--ca-file), resolver, IP family, --connect-to pins, egress
   * proxy and private-proxy headers (sent only to the hosts they are for, also after a redirect), with the probes'
   * User-Agent and {@code Accept-Encoding: identity}. Redirects are followed (never from https to http); no timings
   * are kept. {@code timeout} bounds connecting and each read, not the whole transfer. The caller closes the response.
   * IOException when it fails, IllegalArgumentException for a URL that is not http(s).
   */
  public Response fetch(String url, java.time.Duration timeout) throws IOException {
    HttpUrl parsed = HttpUrl.get(url);
    Proxy proxy = settings.reach().egress().proxyFor(parsed);
    HostPin pin = proxy == Proxy.NO_PROXY ? pin(parsed) : null;
    String proxyAuthorization = proxy == Proxy.NO_PROXY ? null : settings.reach().egress().authorization(parsed);
    OkHttpClient client = HttpClients.forProbe(base, settings, new PhaseListener(nanoTime), pin, proxy, proxyAuthorization,
        false)
        .newBuilder().followRedirects(true).followSslRedirects(false).callTimeout(java.time.Duration.ZERO)
        .connectTimeout(timeout).readTimeout(timeout)
        .addNetworkInterceptor(chain -> chain.proceed(headersFor(chain.request(), proxyAuthorization)))
        .build();
    return client.newCall(new Request.Builder().url(parsed).get().header("User-Agent", settings.userAgent())
        .header("Accept-Encoding", "identity").build()).execute();
  }

  /** The private-proxy header and plain-http proxy credentials for the host this request (or redirect) goes to. */
  private Request headersFor(Request request, String proxyAuthorization) {
    Request.Builder out = request.newBuilder();
    GoproxyAuth.Entry auth = settings.reach().auth() == null ? null : settings.reach().auth().forUrl(request.url().toString());
    if (auth != null) out.header(auth.name(), auth.value());
    if (proxyAuthorization != null && !request.url().isHttps()) out.header("Proxy-Authorization", proxyAuthorization);
    return out.build();
  }

  /**
   * Replaces the {@code --connect-to} pins; the next probe uses them. The first pin for a host and port
   * wins, so list the ones that must win first.
   */
  public void pins(List<HostPin> pins) {
    Map<String, HostPin> byHost = new HashMap<>();
    for (HostPin pin : pins) byHost.putIfAbsent(pin.hostPort(), pin);
    this.pins = Map.copyOf(byHost);
  }

  private HostPin pin(HttpUrl parsed) {
    return parsed == null ? null : pins.get(HostPin.key(parsed.host(), parsed.port()));
  }

  private void exchange(Call call, ProbeTarget target, PhaseListener phases, Sample.Builder sample)
      throws IOException {
    BodyDigest body = new BodyDigest();
    BodyReader reader = BodyReader.forEndpoint(target.endpoint());
    WireCount wire = null;
    phases.start();
    try (Response response = call.execute()) {
      ResponseRecorder.record(response, sample);
      phases.enterBody();
      if (!"HEAD".equals(call.request().method())) {
        wire = new WireCount(response.body().byteStream());
        body.consume(decoded(response, wire), settings.maxBodyBytes(), reader);
        sample.setContentSha256(ByteString.copyFrom(body.digest()));
        if (response.code() == 200) reader.finish(sample);
      }
    } finally {
      sample.setBodyBytes(body.bytes()).setWireBytes(wire == null ? 0 : wire.bytes());
    }
  }

  /**
   * The body the go command would read: a gzip answer to a gzip request is decoded, as Go's transport does
   * (an empty body stays empty); anything else is read as received.
   */
  private InputStream decoded(Response response, WireCount wire) throws IOException {
    if (!settings.acceptEncoding().decodes(response.header("Content-Encoding", ""))) return wire;
    PushbackInputStream in = new PushbackInputStream(wire, 1);
    int first = in.read();
    if (first < 0) return in;
    in.unread(first);
    return new GZIPInputStream(in, 8192);
  }

  private void fail(Exception e, PhaseListener phases, Sample.Builder sample) {
    long timeoutMillis = settings.timeout().toMillis();
    boolean deadlinePassed = phases.elapsedNanos() >= TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    ProbeFailure failure = ProbeFailure.of(e, phases.phase(), deadlinePassed, timeoutMillis);
    if (e instanceof RuntimeException) logger.warn("unexpected failure probing {}", sample.getTarget().getUrl(), e);
    sample.setErrorClass(failure.errorClass()).setErrorMessage(failure.message());
  }

  /**
   * The request as the go command sends it; with the private-proxy header for its URL, and, for a plain http URL
   * through an egress proxy (no CONNECT to authenticate), the proxy's credentials.
   */
  private Request request(ProbeTarget target, String url, String proxyAuthorization) {
    Request.Builder request = new Request.Builder();
    GoproxyAuth.Entry auth = settings.reach().auth() == null ? null : settings.reach().auth().forUrl(url);
    if (auth != null) request.header(auth.name(), auth.value());
    if (proxyAuthorization != null && url.startsWith("http:")) request.header("Proxy-Authorization", proxyAuthorization);
    return request
        .url(url)
        .method(target.endpoint().method(), null)
        .header("User-Agent", settings.userAgent())
        // Always set, so OkHttp never inflates on its own: decoded() does, counting the wire bytes first. Go's
        // transport leaves HEAD without it, but the go command never sends HEAD: a HEAD of a .zip stands in for
        // its GET, and carries the GET's header so that an edge varying on it answers from the same cache entry.
        .header("Accept-Encoding", settings.acceptEncoding().header())
        .build();
  }

  private static Target targetMessage(ProbeTarget target, String url) {
    return Target.newBuilder().setModule(target.module()).setVersion(target.version())
        .setEndpoint(target.endpoint().kind()).setUrl(url).setProxy(target.proxyName()).build();
  }

  /** Cancels probes in flight and releases OkHttp's threads and pooled connections. Idempotent. */
  @Override
  public void close() {
    base.dispatcher().cancelAll();
    base.dispatcher().executorService().shutdown();
    base.connectionPool().evictAll();
  }
}
