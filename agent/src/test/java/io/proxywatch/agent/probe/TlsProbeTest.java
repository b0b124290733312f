package io.proxywatch.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proxywatch.testkit.TestCertificates;
import io.proxywatch.proto.v1.ErrorClass;
import io.proxywatch.proto.v1.Sample;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsProbeTest {
  static final TestCertificates certificates = TestCertificates.temporary();
  @TempDir
  Path dir;

  @Test
  void anUntrustedCertificate_isATlsError() throws Exception {
    try (var server = TestHttpServer.tls(certificates.serverContext(), head -> TestHttpServer.Reply.ok("x"));
        var prober = Probes.prober()) {
      Sample sample = prober.probe(Probes.target(server.base(), Endpoint.MOD)).build();

      assertThat(sample.getErrorClass()).isEqualTo(ErrorClass.ERROR_CLASS_TLS);
      assertThat(sample.getTimings().hasConnectMicros()).isTrue();
      assertThat(sample.getTimings().hasTlsMicros()).isFalse();
    }
  }

  @Test
  void caFile_isTrusted_andRecordsTlsVersion() throws Exception {
    try (var server = TestHttpServer.tls(certificates.serverContext(), head -> TestHttpServer.Reply.ok("x"));
        var prober = new Prober(Probes.settings(Duration.ofSeconds(5), 1 << 20,
            TrustMaterial.withExtra(certificates.pem())), System::nanoTime)) {
      Sample sample = prober.probe(Probes.target(server.base(), Endpoint.MOD)).build();

      assertThat(sample.getErrorClass()).as(sample.getErrorMessage()).isEqualTo(ErrorClass.ERROR_CLASS_NONE);
      assertThat(sample.getTlsVersion()).isEqualTo("TLSv1.3");
      assertThat(sample.getTimings().hasTlsMicros()).isTrue();
    }
  }

  /**
   * Time to first byte is the first response byte, as curl takes it: a status line that arrives 300 ms before the rest
   * of the header block does not wait for it (OkHttp's first response event comes only after the whole block).
   */
  @Test
  void timeToFirstByte_isTheFirstResponseByte_notTheEndOfTheHeaderBlock() throws Exception {
    var reply = TestHttpServer.Reply.ok("x").pausedAfter("HTTP/1.1 200 OK\r\n".length(), 300);
    try (var server = TestHttpServer.tls(certificates.serverContext(), head -> reply);
        var prober = new Prober(Probes.settings(Duration.ofSeconds(5), 1 << 20,
            TrustMaterial.withExtra(certificates.pem())), System::nanoTime)) {
      Sample sample = prober.probe(Probes.target(server.base(), Endpoint.MOD)).build();

      assertThat(sample.getErrorClass()).as(sample.getErrorMessage()).isEqualTo(ErrorClass.ERROR_CLASS_NONE);
      assertThat(sample.getTimings().getTtfbMicros() - sample.getTimings().getTlsMicros()).isLessThan(250_000);
      assertThat(sample.getTimings().getTotalMicros() - sample.getTimings().getTlsMicros()).isGreaterThanOrEqualTo(300_000);
    }
  }

  /**
   * Each fresh-connection probe does the full handshake a first-time client does: the server has to present its
   * certificate every time. The control (one JDK client context, new connections) shows that this server does
   * resume sessions when a client offers one, so the assertion on the prober can fail.
   */
  @Test
  void everyProbe_isAFullHandshake_neverAResumedSession() throws Exception {
    AtomicInteger certificatesPresented = new AtomicInteger();
    X509ExtendedKeyManager keys = (X509ExtendedKeyManager) certificates.keyManagers()[0];
    SSLContext counting = SSLContext.getInstance("TLS");
    counting.init(new KeyManager[] {new CountingKeyManager(keys, certificatesPresented)}, null, null);
    try (var server = TestHttpServer.tls(counting, head -> TestHttpServer.Reply.ok("x"));
        var prober = new Prober(Probes.settings(Duration.ofSeconds(5), 1 << 20,
            TrustMaterial.withExtra(certificates.pem())), System::nanoTime)) {
      SSLContext client = SSLContext.getInstance("TLS");
      client.init(null, new TrustManager[] {TrustMaterial.withExtra(certificates.pem()).trustManager()}, null);
      for (int i = 0; i < 4; i++) {
        get(client, server.base());
      }
      assertThat(certificatesPresented.get()).as("the control client resumed sessions").isLessThan(4);

      certificatesPresented.set(0);
      for (int i = 0; i < 6; i++) {
        Sample sample = prober.probe(Probes.target(server.base(), Endpoint.INFO)).build();
        assertThat(sample.getErrorClass()).as(sample.getErrorMessage()).isEqualTo(ErrorClass.ERROR_CLASS_NONE);
        assertThat(sample.getTimings().hasTlsMicros()).isTrue();
      }
      assertThat(certificatesPresented.get()).as("full handshakes for 6 probes").isEqualTo(6);
    }
  }

  /** An HTTP/1.1 GET on a new connection from {@code context}, reading the reply (and the session tickets). */
  private static void get(SSLContext context, String base) throws Exception {
    java.net.URI uri = java.net.URI.create(base);
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(("GET /x HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nConnection: close\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      socket.getInputStream().readAllBytes();
    }
  }

  /** Counts the times the server picks its certificate, which it does in full handshakes only. */
  private static final class CountingKeyManager extends X509ExtendedKeyManager {
    private final X509ExtendedKeyManager delegate;
    private final AtomicInteger chosen;

    CountingKeyManager(X509ExtendedKeyManager delegate, AtomicInteger chosen) {
      this.delegate = delegate;
      this.chosen = chosen;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      String alias = delegate.chooseEngineServerAlias(keyType, issuers, engine);
      if (alias != null) chosen.incrementAndGet();
      return alias;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      String alias = delegate.chooseServerAlias(keyType, issuers, socket);
      if (alias != null) chosen.incrementAndGet();
      return alias;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return delegate.getServerAliases(keyType, issuers);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return delegate.getClientAliases(keyType, issuers);
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return delegate.chooseClientAlias(keyType, issuers, socket);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return delegate.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return delegate.getPrivateKey(alias);
    }
  }

  @Test
  void caFile_addsToTheSystemTrust_ratherThanReplacingIt() {
    X509Certificate[] system = TrustMaterial.system().trustManager().getAcceptedIssuers();
    List<X509Certificate> extended = List.of(TrustMaterial.withExtra(certificates.pem()).trustManager().getAcceptedIssuers());

    assertThat(system).isNotEmpty();
    assertThat(extended).hasSize(system.length + 1).contains(system).containsAll(TrustMaterial.readPem(certificates.pem()));
  }

  @Test
  void aFileWithoutCertificates_isRejectedWithItsName() throws Exception {
    Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate");
    assertThatThrownBy(() -> TrustMaterial.readPem(junk)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("junk.pem");
    assertThatThrownBy(() -> TrustMaterial.readPem(dir.resolve("missing.pem")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot read");
  }
}
