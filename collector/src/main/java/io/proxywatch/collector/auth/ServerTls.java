package io.proxywatch.collector.auth;

import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import io.grpc.util.CertificateUtils;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's certificate, key and optional client CA, shared by the gRPC and HTTP servers and reloaded when
 * the files change, so a certificate renewed on disk (cert-manager rewriting a mounted Secret) is served without a
 * restart. Both servers consult the key manager at every handshake; open connections keep the certificate they
 * were made with.
 *
 * <p>A reload applies only a complete, consistent set: the certificate chain and key must parse and the key must
 * belong to the leaf certificate, or the previous material stays in use and the failure is logged once per
 * distinct file content and counted in {@code proxywatch_tls_reload_failures_total}. The serving certificate's
 * expiry is exported as {@code proxywatch_tls_certificate_expiry_timestamp_seconds} so an alert can fire before it
 * lapses.
 */
public final class ServerTls implements AutoCloseable {
  /** The range of {@code --tls-reload-interval}. */
  public static final Duration MIN_RELOAD = Duration.ofSeconds(1);
  public static final Duration MAX_RELOAD = Duration.ofDays(1);
  private static final Logger logger = LoggerFactory.getLogger(ServerTls.class);

  private final Path cert;
  private final Path key;
  private final Optional<Path> clientCa;
  private final AdvancedTlsX509KeyManager keyManager = new AdvancedTlsX509KeyManager();
  private final Optional<AdvancedTlsX509TrustManager> trustManager;
  private final ScheduledExecutorService timer;
  private final Counter failures;
  private volatile String applied;
  private volatile String lastFailed;
  private volatile X509Certificate leaf;

  private ServerTls(Path cert, Path key, Optional<Path> clientCa, MeterRegistry meters)
      throws GeneralSecurityException {
    this.cert = cert;
    this.key = key;
    this.clientCa = clientCa;
    this.trustManager = clientCa.isEmpty() ? Optional.empty() : Optional.of(AdvancedTlsX509TrustManager.newBuilder()
        .setVerification(AdvancedTlsX509TrustManager.Verification.CERTIFICATE_ONLY_VERIFICATION).build());
    this.failures = Counter.builder("proxywatch_tls_reload_failures")
        .description("Changed TLS files that could not be applied (the previous certificate stayed in use)")
        .register(meters);
    Gauge.builder("proxywatch_tls_certificate_expiry_timestamp_seconds", this,
            t -> t.leaf.getNotAfter().toInstant().getEpochSecond())
        .description("When the certificate the collector serves expires (Unix time)").register(meters);
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "proxywatch-tls-reload");
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * Loads the files (failing when they are unusable, which stops the start) and checks them for changes every
   * {@code interval}.
   */
  public static ServerTls start(SecurityConfig security, MeterRegistry meters) throws IOException, GeneralSecurityException {
    ServerTls tls = new ServerTls(security.tlsCert().orElseThrow(), security.tlsKey().orElseThrow(), security.clientCa(),
        meters);
    tls.apply(tls.read());
    long millis = security.tlsReload().toMillis();
    tls.timer.scheduleWithFixedDelay(tls::reloadIfChanged, millis, millis, TimeUnit.MILLISECONDS);
    return tls;
  }

  public X509KeyManager keyManager() {
    return keyManager;
  }

  /**
   * Verifies agents' client certificates against the CA file, when mutual TLS is on. It advertises no CA names
   * (an empty certificate_authorities list, which TLS defines as "any"): an OpenSSL-backed server reads the names
   * once, when its context is built, so after a CA reload it would keep naming the old CA and clients would withhold
   * a certificate the new CA signed. Verification itself always uses the current CA.
   */
  public Optional<X509TrustManager> clientTrust() {
    return trustManager.map(AnyIssuerNamed::new);
  }

  private static final class AnyIssuerNamed extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager delegate;

    AnyIssuerNamed(X509ExtendedTrustManager delegate) {
      this.delegate = delegate;
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      delegate.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      delegate.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      delegate.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      delegate.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      delegate.checkServerTrusted(chain, authType, engine);
    }
  }

  /** Applies the files if their content changed since the last successful load. Never throws. */
  void reloadIfChanged() {
    Material material;
    try {
      material = read();
    } catch (IOException | RuntimeException e) {
      fail("?", "cannot read the TLS files: " + e.getMessage());
      return;
    }
    if (material.version().equals(applied) || material.version().equals(lastFailed)) return;
    try {
      apply(material);
      logger.info("reloaded TLS files {} / {}{}: serving subject {}, serial {}, valid until {}", cert, key,
          clientCa.map(ca -> " / " + ca).orElse(""), leaf.getSubjectX500Principal().getName(),
          leaf.getSerialNumber().toString(16), leaf.getNotAfter().toInstant());
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      fail(material.version(), e.getMessage());
    }
  }

  private void fail(String version, String reason) {
    failures.increment();
    if (!version.equals(lastFailed)) {
      logger.warn("TLS files {} / {}{} changed but cannot be used, still serving the certificate valid until {}: {}",
          cert, key, clientCa.map(ca -> " / " + ca).orElse(""), leaf.getNotAfter().toInstant(), reason);
    }
    lastFailed = version;
  }

  /** Parses, checks and installs one set of files; nothing changes unless all of it is usable. */
  private void apply(Material material) throws IOException, GeneralSecurityException {
    X509Certificate[] chain = CertificateUtils.getX509Certificates(new ByteArrayInputStream(material.cert()));
    if (chain.length == 0) throw new GeneralSecurityException(cert + ": no PEM certificate in it");
    PrivateKey privateKey;
    try {
      privateKey = CertificateUtils.getPrivateKey(new ByteArrayInputStream(material.key()));
    } catch (RuntimeException e) { // a file without a PEM key block
      throw new GeneralSecurityException(key + ": not a PEM PKCS#8 private key", e);
    }
    requireMatch(chain[0], privateKey);
    if (trustManager.isPresent()) {
      X509Certificate[] cas = CertificateUtils.getX509Certificates(new ByteArrayInputStream(material.clientCa()));
      if (cas.length == 0) throw new GeneralSecurityException(clientCa.get() + ": no PEM certificate in it");
      trustManager.get().updateTrustCredentials(cas);
    }
    keyManager.updateIdentityCredentials(chain, privateKey);
    leaf = chain[0];
    applied = material.version();
    lastFailed = null;
  }

  /** The key must be the leaf certificate's: a signature made with it verifies with the certificate. */
  static void requireMatch(X509Certificate leaf, PrivateKey key) throws GeneralSecurityException {
    String algorithm = switch (key.getAlgorithm()) {
      case "EC" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> throw new GeneralSecurityException("unsupported private key type " + key.getAlgorithm());
    };
    byte[] challenge = new byte[32];
    new SecureRandom().nextBytes(challenge);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(challenge);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    try {
      verifier.initVerify(leaf.getPublicKey());
      verifier.update(challenge);
      if (verifier.verify(signature)) return;
    } catch (GeneralSecurityException e) {
      // a key of another type than the certificate's: no match either
    }
    throw new GeneralSecurityException("the private key does not belong to the certificate "
        + leaf.getSubjectX500Principal().getName());
  }

  /** The contents of the TLS files, read once, and their digest: what identifies one set of material. */
  private record Material(byte[] cert, byte[] key, byte[] clientCa, String version) {}

  private Material read() throws IOException {
    byte[] certBytes = Files.readAllBytes(cert);
    byte[] keyBytes = Files.readAllBytes(key);
    byte[] caBytes = clientCa.isPresent() ? Files.readAllBytes(clientCa.get()) : new byte[0];
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (byte[] bytes : new byte[][] {certBytes, keyBytes, caBytes}) {
        digest.update(bytes);
        digest.update((byte) 0);
      }
      return new Material(certBytes, keyBytes, caBytes, HexFormat.of().formatHex(digest.digest()));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  /** The reload interval's bounds, for option checking. */
  public static boolean validInterval(Duration interval) {
    Objects.requireNonNull(interval);
    return interval.compareTo(MIN_RELOAD) >= 0 && interval.compareTo(MAX_RELOAD) <= 0;
  }
}
