package io.proxywatch.bench.probe;

import io.proxywatch.testkit.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * HTTPS/1.1 on 127.0.0.1 that answers every request after a known delay: it reads the request head, waits
 * {@code delayNanos} (parking, the last stretch re-checked against System.nanoTime so the overshoot is tens of
 * microseconds), then writes the whole response in one write and closes the connection. HEAD gets no body.
 */
final class DelayedHttpsServer implements AutoCloseable {
  private static final byte[] BODY = "module example.com/bench\n\ngo 1.21\n".getBytes(StandardCharsets.US_ASCII);

  private final SSLServerSocket server;
  private final long delayNanos;
  private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "bench-https");
    t.setDaemon(true);
    return t;
  });
  final AtomicLong responses = new AtomicLong();
  final AtomicLong overshootNanos = new AtomicLong();

  DelayedHttpsServer(TestCertificates tls, long delayNanos) throws Exception {
    this.delayNanos = delayNanos;
    this.server = (SSLServerSocket) tls.serverContext().getServerSocketFactory()
        .createServerSocket(0, 1024, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "bench-https-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  String base() {
    return "https://127.0.0.1:" + port();
  }

  /** Mean time the server waited beyond the injected delay, microseconds. */
  double meanOvershootMicros() {
    long n = responses.get();
    return n == 0 ? Double.NaN : overshootNanos.get() / 1e3 / n;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        workers.execute(() -> serve((SSLSocket) socket));
      } catch (IOException e) {
        if (!server.isClosed()) System.err.println("bench https accept: " + e);
      }
    }
  }

  private void serve(SSLSocket socket) {
    try (socket) {
      socket.setTcpNoDelay(true);
      socket.startHandshake();
      InputStream in = socket.getInputStream();
      String head = readHead(in);
      if (head == null) return;
      long readAt = System.nanoTime();
      boolean isHead = head.startsWith("HEAD ");
      waitUntil(readAt + delayNanos);
      long waited = System.nanoTime() - readAt;
      overshootNanos.addAndGet(waited - delayNanos);
      // the ETag carries the server's actual wait in microseconds, so each prober's error can be taken per probe
      String response = "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " + BODY.length
          + "\r\nETag: \"" + waited / 1000 + "\"\r\nX-Proxywatch-Edge: bench\r\nConnection: close\r\n\r\n";
      byte[] headBytes = response.getBytes(StandardCharsets.US_ASCII);
      byte[] out = new byte[headBytes.length + (isHead ? 0 : BODY.length)];
      System.arraycopy(headBytes, 0, out, 0, headBytes.length);
      if (!isHead) System.arraycopy(BODY, 0, out, headBytes.length, BODY.length);
      OutputStream os = socket.getOutputStream();
      os.write(out);
      os.flush();
      responses.incrementAndGet();
      socket.shutdownOutput();
      while (in.read() >= 0) { } // let the client close first
    } catch (IOException e) {
      // a client that went away: nothing to do
    }
  }

  private static void waitUntil(long deadline) {
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left > 2_000_000 ? left - 1_000_000 : Math.min(left, 50_000));
    }
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      head.append((char) c);
      int n = head.length();
      if (n >= 4 && head.charAt(n - 1) == '\n' && head.charAt(n - 2) == '\r' && head.charAt(n - 3) == '\n') return head.toString();
      if (n > 16_384) return null;
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    server.close();
    workers.shutdownNow();
  }
}
