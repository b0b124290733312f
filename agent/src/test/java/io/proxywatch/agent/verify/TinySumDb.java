package io.proxywatch.agent.verify;

import com.sun.net.httpserver.HttpServer;
import io.proxywatch.sumdb.dirhash.H1;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A checksum database of two records (the given one first, so proving it reads the other's hash from a tile) on a
 * JDK HTTP server, signed with a fresh Ed25519 key the way
 * golang.org/x/mod/sumdb signs (note.Sign, RFC 6962 leaf hash): the honest answers are in {@link #paths}, which a
 * test may replace with doctored ones. It is also a proxy serving that module's .mod ({@link #MODULE} at
 * {@link #VERSION}, the same .mod as {@link #MOD_H1}). Paths it does not know answer 404.
 */
public final class TinySumDb implements AutoCloseable {
  static final String NAME = "test.sumdb";
  public static final String MODULE = "example.com/m";
  public static final String VERSION = "v1.0.0";
  public static final String MOD_H1 = H1.goMod(bytes("module example.com/m\n"));

  final Map<String, byte[]> paths = new ConcurrentHashMap<>();
  /** The ETag a path answers with, when it has one. */
  final Map<String, String> etags = new ConcurrentHashMap<>();
  /** The verifier key, GOSUMDB's first field. */
  public final String vkey;
  private final HttpServer server;

  public TinySumDb() throws IOException, GeneralSecurityException {
    String record = MODULE + " " + VERSION + " h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"
        + MODULE + " " + VERSION + "/go.mod " + MOD_H1 + "\n";
    paths.put("/" + MODULE + "/@v/" + VERSION + ".mod", bytes("module example.com/m\n"));
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    vkey = verifierKey(pair);
    byte[] leaf = hash(0, bytes(record));
    byte[] other = hash(0, bytes("example.com/other v1.0.0 h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"));
    byte[] tile = ByteBuffer.allocate(64).put(leaf).put(other).array();
    String text = "go.sum database tree\n2\n" + Base64.getEncoder().encodeToString(hash(1, tile)) + "\n";
    String note = text + "\n" + "\u2014 " + NAME + " " + signature(pair, text) + "\n";
    paths.put("/latest", bytes(note));
    paths.put("/lookup/example.com/m@v1.0.0", bytes("0\n" + record + "\n" + note));
    paths.put("/tile/8/0/000.p/2", tile);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      byte[] body = paths.get(exchange.getRequestURI().getPath());
      String etag = etags.get(exchange.getRequestURI().getPath());
      if (etag != null) exchange.getResponseHeaders().set("ETag", etag);
      exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
      if (body != null) exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Another key of the same name: what a wrongly configured agent has. */
  static String otherKey() throws GeneralSecurityException {
    return verifierKey(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
  }

  private static String verifierKey(KeyPair pair) throws GeneralSecurityException {
    byte[] keyData = keyData(pair);
    return NAME + "+" + String.format("%08x", keyHash(keyData)) + "+" + Base64.getEncoder().encodeToString(keyData);
  }

  private static String signature(KeyPair pair, String text) throws GeneralSecurityException {
    Signature ed = Signature.getInstance("Ed25519");
    ed.initSign(pair.getPrivate());
    ed.update(bytes(text));
    byte[] keyData = keyData(pair);
    return Base64.getEncoder().encodeToString(ByteBuffer.allocate(68).putInt(keyHash(keyData)).put(ed.sign()).array());
  }

  /** 0x01 (Ed25519) || the 32 key bytes that end the X.509 encoding. */
  private static byte[] keyData(KeyPair pair) {
    byte[] encoded = pair.getPublic().getEncoded();
    byte[] keyData = new byte[33];
    keyData[0] = 1;
    System.arraycopy(encoded, encoded.length - 32, keyData, 1, 32);
    return keyData;
  }

  private static int keyHash(byte[] keyData) throws GeneralSecurityException {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update(bytes(NAME + "\n"));
    return ByteBuffer.wrap(Arrays.copyOf(sha.digest(keyData), 4)).getInt();
  }

  /** RFC 6962: SHA-256 of a prefix byte (0 for a leaf, 1 for a node) and the data. */
  private static byte[] hash(int prefix, byte[] data) throws GeneralSecurityException {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update((byte) prefix);
    return sha.digest(data);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
