package io.proxywatch.agent.probe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made at test time with the JDK's keytool: a
 * PKCS#12 key store for test servers, the certificate as PEM (for --ca-file, --collector-ca, curl
 * --cacert) and its private key as PEM PKCS#8 (for --client-key).
 */
public record TestCertificates(Path keyStore, Path pem, Path keyPem, KeyManager[] keyManagers, SSLContext serverContext) {
  private static final String PASSWORD = "changeit";

  public static TestCertificates generate(Path dir) throws IOException, InterruptedException, GeneralSecurityException {
    return generate(dir, "server");
  }

  /** A certificate named {@code name} (its files start with that name). */
  public static TestCertificates generate(Path dir, String name)
      throws IOException, InterruptedException, GeneralSecurityException {
    return generate(dir, name, "ip:127.0.0.1,dns:localhost");
  }

  /** A certificate for the subject alternative names {@code san} (keytool's notation). */
  public static TestCertificates generate(Path dir, String name, String san)
      throws IOException, InterruptedException, GeneralSecurityException {
    Path keyStore = dir.resolve(name + ".p12");
    Path pem = dir.resolve(name + ".pem");
    keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=localhost", "-ext", "SAN=" + san, "-validity", "2",
        "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
    keytool("-exportcert", "-rfc", "-alias", name, "-keystore", keyStore.toString(),
        "-storepass", PASSWORD, "-file", pem.toString());
    KeyStore store = load(keyStore);
    Path keyPem = dir.resolve(name + "-key.pem");
    PrivateKey key = (PrivateKey) store.getKey(name, PASSWORD.toCharArray());
    Files.writeString(keyPem, "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n");
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, PASSWORD.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return new TestCertificates(keyStore, pem, keyPem, keys.getKeyManagers(), context);
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    List<String> command = new java.util.ArrayList<>(List.of(keytool.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) throw new IOException("keytool failed: " + output);
  }

  private static KeyStore load(Path keyStore) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      store.load(in, PASSWORD.toCharArray());
    }
    return store;
  }
}
