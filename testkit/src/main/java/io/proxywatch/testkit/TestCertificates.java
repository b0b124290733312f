package io.proxywatch.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed EC certificate (CN=name, for 127.0.0.1 and localhost unless told otherwise) made at test time with
 * the JDK's keytool: a PKCS#12 key store for test servers, the certificate as PEM (for --ca-file, --collector-ca,
 * --tls-cert, curl --cacert; being self-signed it is also its own CA) and its private key as PEM PKCS#8.
 */
public record TestCertificates(Path keyStore, Path pem, Path keyPem) {
  private static final String PASSWORD = "changeit";

  /** A "server" certificate in a temporary folder of its own (left to the OS's temp clean-up), for a test class's field. */
  public static TestCertificates temporary() {
    try {
      return generate(Files.createTempDirectory("proxywatch-certificates-"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static TestCertificates generate(Path dir) throws IOException, GeneralSecurityException {
    return generate(dir, "server");
  }

  /** A certificate named {@code name}: its files start with that name and its subject is CN=name. */
  public static TestCertificates generate(Path dir, String name) throws IOException, GeneralSecurityException {
    return generate(dir, name, "ip:127.0.0.1,dns:localhost");
  }

  /** A certificate for the subject alternative names {@code san} (keytool's notation). */
  public static TestCertificates generate(Path dir, String name, String san) throws IOException, GeneralSecurityException {
    Path keyStore = dir.resolve(name + ".p12");
    keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=" + name, "-ext", "SAN=" + san, "-validity", "7",
        "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
    KeyStore store = load(keyStore);
    Path pem = Files.writeString(dir.resolve(name + ".pem"), pem("CERTIFICATE", store.getCertificate(name).getEncoded()));
    PrivateKey key = (PrivateKey) store.getKey(name, PASSWORD.toCharArray());
    Path keyPem = Files.writeString(dir.resolve(name + "-key.pem"), pem("PRIVATE KEY", key.getEncoded()));
    return new TestCertificates(keyStore, pem, keyPem);
  }

  /** Key managers that present this certificate (for a test server). */
  public KeyManager[] keyManagers() throws IOException, GeneralSecurityException {
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(load(keyStore), PASSWORD.toCharArray());
    return keys.getKeyManagers();
  }

  /** A server-side context presenting this certificate. */
  public SSLContext serverContext() throws IOException, GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers(), null, null);
    return context;
  }

  /** A client-side context that trusts exactly this certificate. */
  public SSLContext trusting() throws IOException, GeneralSecurityException {
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(load(keyStore));
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  private static void keytool(String... args) {
    List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    command.addAll(List.of(args));
    ChildProcess.run(command, Map.of(), Duration.ofMinutes(1));
  }

  private static KeyStore load(Path keyStore) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      store.load(in, PASSWORD.toCharArray());
    }
    return store;
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der) + "\n-----END " + type + "-----\n";
  }
}
