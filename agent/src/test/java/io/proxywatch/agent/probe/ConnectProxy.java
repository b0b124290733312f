package io.proxywatch.agent.probe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny forward proxy that speaks CONNECT, as a corporate egress proxy does: it reads the CONNECT head, connects
 * to 127.0.0.1 at the requested port (whatever the host name: the proxy, not the agent, resolves the origin),
 * answers 200 and relays bytes both ways. With {@code requiredAuthorization}, a CONNECT without that
 * Proxy-Authorization gets 407. Records every request head.
 */
final class ConnectProxy implements AutoCloseable {
  final List<String> heads = new CopyOnWriteArrayList<>();
  private final ServerSocket server;
  private final String requiredAuthorization;

  ConnectProxy(String requiredAuthorization) throws IOException {
    this.requiredAuthorization = requiredAuthorization;
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    daemon(this::accept);
  }

  int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        daemon(() -> tunnel(client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void tunnel(Socket client) {
    try (client) {
      String head = readHead(client.getInputStream());
      heads.add(head);
      OutputStream toClient = client.getOutputStream();
      String[] target = head.split(" ", 3);
      boolean authorized = requiredAuthorization == null || head.contains("\r\nProxy-Authorization: " + requiredAuthorization + "\r\n");
      if (!target[0].equals("CONNECT") || !authorized) {
        toClient.write(("HTTP/1.1 " + (authorized ? "405 Method Not Allowed" : "407 Proxy Authentication Required\r\n"
            + "Proxy-Authenticate: Basic realm=\"egress\"") + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        return;
      }
      int port = Integer.parseInt(target[1].substring(target[1].lastIndexOf(':') + 1));
      try (Socket origin = new Socket()) {
        origin.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
        toClient.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        Thread back = daemon(() -> relay(origin, client));
        relay(client, origin);
        back.join(2000);
      }
    } catch (IOException | RuntimeException e) {
      // the probe ended the connection
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void relay(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
      to.shutdownOutput();
    } catch (IOException e) {
      // one side closed
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    for (int b; (b = in.read()) != -1; ) {
      head.write(b);
      if (head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) break;
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  private static Thread daemon(Runnable task) {
    Thread thread = new Thread(task, "connect-proxy");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
