package io.proxywatch.agent.probe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * A deliberately tiny HTTP/1.1 server on 127.0.0.1:0 for tests: it reads a request head, asks the
 * handler for a reply, waits the reply's delay (the server's think time, which a probe must see as time
 * to first byte), writes the reply bytes verbatim and closes. Plain or TLS.
 */
final class TestHttpServer implements AutoCloseable {
  /**
   * What to do with one request: wait {@code delayMillis}, then write {@code bytes} (with a pause of {@code pauseMillis}
   * after the first {@code pauseAt} of them, if set); or never answer.
   */
  record Reply(long delayMillis, byte[] bytes, boolean stall, int pauseAt, long pauseMillis) {
    Reply(long delayMillis, byte[] bytes, boolean stall) {
      this(delayMillis, bytes, stall, 0, 0);
    }

    static Reply raw(String text) {
      return new Reply(0, text.getBytes(StandardCharsets.ISO_8859_1), false);
    }

    static Reply status(int code, String reason, byte[] body, String... headers) {
      StringBuilder head = new StringBuilder("HTTP/1.1 " + code + " " + reason + "\r\n");
      for (String header : headers) head.append(header).append("\r\n");
      head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
      byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
      byte[] all = new byte[h.length + body.length];
      System.arraycopy(h, 0, all, 0, h.length);
      System.arraycopy(body, 0, all, h.length, body.length);
      return new Reply(0, all, false);
    }

    /** A 200 that leaves the connection open for the next request. */
    static Reply keepAlive(String body) {
      return raw("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
    }

    static Reply ok(String body, String... headers) {
      return status(200, "OK", body.getBytes(StandardCharsets.UTF_8), headers);
    }

    /** Reads the request, then closes the connection without a byte. */
    static Reply nothing() {
      return new Reply(0, new byte[0], false);
    }

    static Reply stalled() {
      return new Reply(0, new byte[0], true);
    }

    /** Writes {@code text}, then holds the connection open without another byte. */
    static Reply stalledAfter(String text) {
      return new Reply(0, text.getBytes(StandardCharsets.ISO_8859_1), true);
    }

    Reply delayed(long millis) {
      return new Reply(millis, bytes, stall);
    }

    /** Writes the first {@code at} bytes, waits {@code millis}, then writes the rest. */
    Reply pausedAfter(int at, long millis) {
      return new Reply(delayMillis, bytes, stall, at, millis);
    }

    /** The same status line and headers without the body, as a HEAD answer. */
    Reply headOnly() {
      String text = new String(bytes, StandardCharsets.ISO_8859_1);
      return raw(text.substring(0, text.indexOf("\r\n\r\n") + 4)).delayed(delayMillis);
    }
  }

  private final ServerSocket server;
  private final Function<String, Reply> handler;
  private final boolean tls;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<String> requestHeads = new CopyOnWriteArrayList<>();
  private final java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
  private final CountDownLatch closed = new CountDownLatch(1);

  private TestHttpServer(ServerSocket server, boolean tls, Function<String, Reply> handler) {
    this.server = server;
    this.tls = tls;
    this.handler = handler;
    threads.execute(this::acceptLoop);
  }

  /** {@code handler} gets the request head (request line and headers) and returns the reply. */
  static TestHttpServer plain(Function<String, Reply> handler) throws IOException {
    return new TestHttpServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), false, handler);
  }

  static TestHttpServer tls(SSLContext context, Function<String, Reply> handler) throws IOException {
    ServerSocket socket = context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    return new TestHttpServer(socket, true, handler);
  }

  String base() {
    return (tls ? "https" : "http") + "://127.0.0.1:" + server.getLocalPort();
  }

  /** Request heads received so far, in arrival order. */
  List<String> requests() {
    return requestHeads;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        threads.execute(() -> serve(socket));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /** Connections accepted so far. */
  int connections() {
    return connections.get();
  }

  /** Answers requests on one connection until the client closes it or a reply says Connection: close. */
  private void serve(Socket socket) {
    connections.incrementAndGet();
    try (socket) {
      socket.setTcpNoDelay(true); // as real frontends do
      while (true) {
        String head = readHead(socket.getInputStream());
        if (head.isEmpty()) return;
        requestHeads.add(head);
        Reply reply = handler.apply(head);
        if (reply.delayMillis() > 0) Thread.sleep(reply.delayMillis());
        OutputStream out = socket.getOutputStream();
        if (reply.pauseAt() > 0) {
          out.write(reply.bytes(), 0, reply.pauseAt());
          out.flush();
          Thread.sleep(reply.pauseMillis());
        }
        out.write(reply.bytes(), reply.pauseAt(), reply.bytes().length - reply.pauseAt());
        out.flush();
        if (reply.stall()) closed.await();
        if (reply.bytes().length == 0
            || new String(reply.bytes(), StandardCharsets.ISO_8859_1).contains("Connection: close")) {
          return;
        }
      }
    } catch (IOException | InterruptedException e) {
      // the client went away or the server is closing: nothing to answer
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    for (int b; matched < 4 && (b = in.read()) != -1; ) {
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    closed.countDown();
    server.close();
    threads.shutdownNow();
  }
}
