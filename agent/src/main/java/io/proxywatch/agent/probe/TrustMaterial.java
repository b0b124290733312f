package io.proxywatch.agent.probe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificates a probe trusts: the JVM's default trust store plus, optionally, the PEM certificates of
 * --ca-file (for a private proxy). The extra certificates are added to the system ones, never replace them.
 */
public final class TrustMaterial {
  private final X509TrustManager trustManager;

  private TrustMaterial(X509TrustManager trustManager) {
    this.trustManager = trustManager;
  }

  public static TrustMaterial system() {
    return new TrustMaterial(trustManager(null));
  }

  /** System trust plus the certificates in {@code pemFile}; IllegalArgumentException if it has none. */
  public static TrustMaterial withExtra(Path pemFile) {
    List<X509Certificate> extra = readPem(pemFile);
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (X509Certificate cert : system().trustManager.getAcceptedIssuers()) {
        store.setCertificateEntry("system-" + i++, cert);
      }
      for (X509Certificate cert : extra) {
        store.setCertificateEntry("extra-" + i++, cert);
      }
      return new TrustMaterial(trustManager(store));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the trust store", e);
    }
  }

  /** Reads every X.509 certificate in a PEM file; IllegalArgumentException naming the file otherwise. */
  public static List<X509Certificate> readPem(Path pemFile) {
    try (InputStream in = Files.newInputStream(pemFile)) {
      Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
      List<X509Certificate> out = new ArrayList<>();
      certs.forEach(c -> out.add((X509Certificate) c));
      if (out.isEmpty()) throw new IllegalArgumentException("no PEM certificate in \"" + pemFile + "\"");
      return out;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read \"" + pemFile + "\": " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("no valid PEM certificate in \"" + pemFile + "\": " + e.getMessage(), e);
    }
  }

  public X509TrustManager trustManager() {
    return trustManager;
  }

  /**
   * A new TLS context. Each fresh-connection probe gets its own, so it has an empty session cache and
   * never resumes a session: its handshake is the full one a first-time client does.
   */
  SSLContext newContext() {
    try {
      SSLContext context = NativeTls.PROVIDER == null ? SSLContext.getInstance("TLS")
          : SSLContext.getInstance("TLS", NativeTls.PROVIDER);
      context.init(null, new TrustManager[] {trustManager}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot create a TLS context", e);
    }
  }

  private static X509TrustManager trustManager(KeyStore store) {
    try {
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      for (TrustManager tm : factory.getTrustManagers()) {
        if (tm instanceof X509TrustManager x509) return x509;
      }
      throw new IllegalStateException("no X509TrustManager");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot load the trust store", e);
    }
  }
}
