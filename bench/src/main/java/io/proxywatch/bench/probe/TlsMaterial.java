package io.proxywatch.bench.probe;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** A self-signed EC certificate for 127.0.0.1 made with keytool, as PKCS#12 (server) and PEM (clients' --ca-file). */
record TlsMaterial(Path keystore, Path certificatePem) {
  private static final String PASSWORD = "bench-only";

  static TlsMaterial create(Path dir) throws Exception {
    Path keystore = dir.resolve("server.p12");
    Path pem = dir.resolve("server.pem");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    run(keytool, "-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1", "-alias", "bench", "-dname", "CN=127.0.0.1",
        "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "7", "-keystore", keystore.toString(), "-storetype", "PKCS12",
        "-storepass", PASSWORD, "-keypass", PASSWORD);
    run(keytool, "-exportcert", "-rfc", "-alias", "bench", "-keystore", keystore.toString(), "-storepass", PASSWORD,
        "-file", pem.toString());
    return new TlsMaterial(keystore, pem);
  }

  SSLContext serverContext() throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASSWORD.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    return context;
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
  }
}
