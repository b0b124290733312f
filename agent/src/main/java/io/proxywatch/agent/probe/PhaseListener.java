package io.proxywatch.agent.probe;

import io.proxywatch.proto.v1.Timings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.Handshake;
import okhttp3.Protocol;
import okhttp3.Response;

/**
 * Records one call's phase times the way curl's -w variables are defined: cumulative from the start of
 * the probe to the end of name lookup, TCP connect, TLS handshake and first response byte. A phase that
 * did not happen (a pooled connection, TLS on plain http) or was not reached stays unset.
 *
 * <p>The end of the TCP connect comes from the probe's socket ({@link ProbeSocketFactory}): OkHttp emits
 * connectEnd only after the TLS handshake, and with fast fallback the TCP connects race on background
 * threads and reach the call thread later. secureConnectStart and connectEnd remain as fallbacks. The TLS
 * handshake runs only on the winning connection, on the call thread.
 */
final class PhaseListener extends EventListener {
  private static final long UNSET = -1;

  private final LongSupplier nanoTime;
  private volatile long startNanos;
  private volatile Phase phase = Phase.STARTING;
  private volatile long dnsEnd = UNSET;
  private final AtomicLong tcpEnd = new AtomicLong(UNSET);
  private volatile long tlsEnd = UNSET;
  private volatile long firstByte = UNSET;
  private volatile InetSocketAddress remote;
  private volatile InetSocketAddress attempted;
  private volatile boolean http2;

  PhaseListener(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.startNanos = nanoTime.getAsLong();
  }

  /** Marks the start of the probe (curl's timer zero): call right before the call is executed. */
  void start() {
    startNanos = nanoTime.getAsLong();
  }

  Phase phase() {
    return phase;
  }

  void enterBody() {
    phase = Phase.BODY;
  }

  long elapsedNanos() {
    return nanoTime.getAsLong() - startNanos;
  }

  /** The address of the connection used, or else of the last connect attempt; null if none. */
  InetSocketAddress remote() {
    return remote != null ? remote : attempted;
  }

  @Override
  public void dnsStart(Call call, String domainName) {
    phase = Phase.DNS;
  }

  @Override
  public void dnsEnd(Call call, String domainName, List<InetAddress> addresses) {
    if (dnsEnd == UNSET) dnsEnd = nanoTime.getAsLong();
  }

  /** Until a connection is acquired, the peer is the last address a connect was attempted to. */
  @Override
  public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
    phase = Phase.CONNECT;
    attempted = address;
  }

  /** From the probe's socket, the moment a TCP connect completed (on whichever thread connected it). */
  void tcpConnected() {
    tcpEnd.compareAndSet(UNSET, nanoTime.getAsLong());
  }

  @Override
  public void secureConnectStart(Call call) {
    tcpConnected();
    phase = Phase.TLS;
  }

  @Override
  public void secureConnectEnd(Call call, Handshake handshake) {
    if (tlsEnd == UNSET) tlsEnd = nanoTime.getAsLong();
  }

  @Override
  public void connectEnd(Call call, InetSocketAddress address, Proxy proxy, Protocol protocol) {
    tcpConnected();
  }

  @Override
  public void connectionAcquired(Call call, Connection connection) {
    remote = connection.route().socketAddress();
    http2 = connection.protocol() == Protocol.HTTP_2;
  }

  @Override
  public void requestHeadersStart(Call call) {
    phase = Phase.SENDING;
  }

  @Override
  public void requestHeadersEnd(Call call, okhttp3.Request request) {
    phase = Phase.FIRST_BYTE;
  }

  /**
   * From the probe's fresh TLS connection ({@link FirstByteTlsSocket}), on the thread that read them: decrypted bytes
   * arrived. Once the request is written, the first such read is the first response byte, as curl and Go's httptrace
   * take it. Not on HTTP/2, whose reader thread also reads the server's SETTINGS and other streams' frames.
   */
  void tlsBytesRead() {
    if (firstByte == UNSET && phase == Phase.FIRST_BYTE && !http2) firstByte = nanoTime.getAsLong();
  }

  /*
   * Time to first byte. curl's time_starttransfer is taken when the first response byte has arrived; OkHttp
   * has no event for that moment. In OkHttp 5.x (CallServerInterceptor; so since 4.3) responseHeadersStart
   * fires right AFTER exchange.readResponseHeaders() has returned, i.e. once the status line and headers
   * have been read and parsed. It no longer fires when the client starts waiting, as before 4.3, which
   * would have hidden the server's think time. So it is the earliest event after the first response
   * byte, late only by the time to receive and parse the header block: microseconds when the headers
   * arrive in one TCP segment or TLS record. responseHeadersEnd comes a few instructions later and adds
   * nothing; responseBodyStart waits for our first body read and would add our own scheduling. The first
   * occurrence is kept, so a 1xx interim response counts as the first byte, as it does for curl. Over a fresh TLS
   * connection on HTTP/1.x, tlsBytesRead comes first (before the header block is parsed, which in a JVM that is still
   * compiling OkHttp is not microseconds); this event is what plain http, keep-alive and HTTP/2 use.
   * TimingFidelityTest measures the result against curl.
   */
  @Override
  public void responseHeadersStart(Call call) {
    if (firstByte == UNSET) firstByte = nanoTime.getAsLong();
  }

  @Override
  public void responseHeadersEnd(Call call, Response response) {
    phase = Phase.BODY;
  }

  /** The timings so far; {@code endNanos} is the end of the whole probe (curl's time_total). */
  Timings timings(long endNanos) {
    Timings.Builder t = Timings.newBuilder();
    if (dnsEnd != UNSET) t.setDnsMicros(micros(dnsEnd));
    if (tcpEnd.get() != UNSET) t.setConnectMicros(micros(tcpEnd.get()));
    if (tlsEnd != UNSET) t.setTlsMicros(micros(tlsEnd));
    if (firstByte != UNSET) t.setTtfbMicros(micros(firstByte));
    return t.setTotalMicros(micros(endNanos)).build();
  }

  private long micros(long atNanos) {
    return TimeUnit.NANOSECONDS.toMicros(atNanos - startNanos);
  }
}
