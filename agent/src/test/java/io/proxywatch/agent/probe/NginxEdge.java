package io.proxywatch.agent.probe;

import static org.awaitility.Awaitility.await;

import io.proxywatch.testkit.ChildProcess;
import io.proxywatch.testkit.TestCertificates;
import io.proxywatch.testkit.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real nginx on a free loopback port serving a small GOPROXY tree ({@code example.com/hello} v1.0.0) from a
 * temporary folder, with extra server directives (gzip, auth_basic) from the test. Stopped on close.
 */
final class NginxEdge implements AutoCloseable {
  static final String INFO = "{\"Version\":\"v1.0.0\",\"Time\":\"2024-01-01T00:00:00Z\"}\n";
  /** Long and repetitive enough that gzip shrinks it well. */
  static final String LIST = "v0.1.0\nv0.2.0\nv0.3.0\nv0.4.0\nv0.5.0\nv0.6.0\nv0.7.0\nv0.8.0\nv0.9.0\nv1.0.0\n".repeat(4);

  private final ChildProcess nginx;
  private final int port;

  private NginxEdge(ChildProcess nginx, int port) {
    this.nginx = nginx;
    this.port = port;
  }

  static NginxEdge start(Path dir, String serverDirectives) throws IOException {
    return start(dir, "", serverDirectives);
  }

  /** Over TLS with {@code certificates}, offering HTTP/2 and HTTP/1.1 (ALPN), as proxy.golang.org does. */
  static NginxEdge startHttp2(Path dir, TestCertificates certificates) throws IOException {
    return start(dir, " ssl http2", "ssl_certificate " + certificates.pem() + ";\n"
        + "ssl_certificate_key " + certificates.keyPem() + ";");
  }

  private static NginxEdge start(Path dir, String listenOptions, String serverDirectives) throws IOException {
    Path tree = dir.resolve("tree/example.com/hello/@v");
    Files.createDirectories(tree);
    Files.writeString(tree.resolve("v1.0.0.info"), INFO);
    Files.writeString(tree.resolve("list"), LIST);
    Files.createDirectories(dir.resolve("logs"));
    int port = Ports.free();
    Files.writeString(dir.resolve("nginx.conf"), config(dir, port + listenOptions, serverDirectives));
    ChildProcess process = ChildProcess.start(List.of("/usr/sbin/nginx", "-p", dir.toString(), "-c",
        dir.resolve("nginx.conf").toString(), "-e", dir.resolve("logs/error.log").toString()), dir.resolve("nginx.out"));
    await().atMost(Duration.ofSeconds(10)).until(() -> listening(port) || !process.alive());
    if (!process.alive()) throw new IllegalStateException("nginx did not start: " + process.log());
    return new NginxEdge(process, port);
  }

  String base() {
    return "http://127.0.0.1:" + port;
  }

  String tlsBase() {
    return "https://127.0.0.1:" + port;
  }

  private static String config(Path dir, String port, String serverDirectives) {
    return """
        daemon off;
        user root;
        worker_processes 1;
        pid %1$s/nginx.pid;
        error_log %1$s/logs/error.log notice;
        events { worker_connections 64; }
        http {
            access_log %1$s/logs/access.log;
            client_body_temp_path %1$s/tmp-body;
            proxy_temp_path %1$s/tmp-proxy;
            fastcgi_temp_path %1$s/tmp-fastcgi;
            uwsgi_temp_path %1$s/tmp-uwsgi;
            scgi_temp_path %1$s/tmp-scgi;
            types { application/json info; }
            default_type text/plain;
            server {
                listen 127.0.0.1:%2$s;
                root %1$s/tree;
                %3$s
                location ~ /@v/list$ { default_type text/plain; }
            }
        }
        """.formatted(dir, port, serverDirectives);
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    try {
      nginx.stop(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted stopping nginx", e));
    }
  }
}
