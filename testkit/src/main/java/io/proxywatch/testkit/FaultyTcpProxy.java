package io.proxywatch.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on 127.0.0.1:0 that damages what passes through, in user space (this kernel has no netem).
 * Each accepted connection gets the next {@link Fault} of the list, round robin. Packet loss cannot be
 * shown above TCP as lost bytes: TCP retransmits, and the application sees stalls. So "40% loss" is
 * modelled as a random 200-600 ms pause (a retransmission timeout is at least 200 ms on Linux) before 40%
 * of the chunks, in both directions, chunks being at most 512 bytes (about a third of a segment).
 *
 * <p>A test can also {@link #cut()} the link: every open connection is torn down and new ones are closed on
 * arrival until it is {@link #restore() restored}.
 */
public final class FaultyTcpProxy implements AutoCloseable {
  /** What happens to one connection. */
  public record Fault(String name, double pausedShare, int stallAfterBytes, int resetAfterBytes, boolean resetsRequest,
      int trickleBytes, long trickleMillis, byte[] replaceWith, boolean silent) {
    public static Fault clean() {
      return new Fault("clean", 0, -1, -1, false, 0, 0, null, false);
    }

    /** {@code share} of the chunks (both ways) wait 200-600 ms, as TCP retransmissions do. */
    public static Fault loss(double share) {
      return new Fault("loss " + Math.round(share * 100) + "%", share, -1, -1, false, 0, 0, null, false);
    }

    /** Relays {@code bytes} of the response, then nothing more, keeping the connection open. */
    public static Fault stallAfter(int bytes) {
      return new Fault("stall after " + bytes + " bytes", 0, bytes, -1, false, 0, 0, null, false);
    }

    /** Relays {@code bytes} of the response, then resets the connection (RST). */
    public static Fault resetAfter(int bytes) {
      return new Fault("reset after " + bytes + " bytes", 0, -1, bytes, false, 0, 0, null, false);
    }

    /** Resets the connection as soon as the request arrives. */
    public static Fault resetOnRequest() {
      return new Fault("reset on request", 0, -1, -1, true, 0, 0, null, false);
    }

    /** Relays the response {@code bytes} at a time, {@code millis} apart. */
    public static Fault trickle(int bytes, long millis) {
      return new Fault("trickle " + bytes + " B/" + millis + " ms", 0, -1, -1, false, bytes, millis, null, false);
    }

    /** Answers {@code reply} itself instead of relaying, then closes. */
    public static Fault answer(String name, byte[] reply) {
      return new Fault(name, 0, -1, -1, false, 0, 0, reply, false);
    }

    /** Accepts the connection and never sends a byte. */
    public static Fault blackhole() {
      return new Fault("blackhole", 0, -1, -1, false, 0, 0, null, true);
    }
  }

  private final ServerSocket server;
  private final InetSocketAddress upstream;
  private final List<Fault> faults;
  private final Random random;
  private final AtomicInteger connections = new AtomicInteger();
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> new Thread(r, "faulty-proxy"));
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;

  public FaultyTcpProxy(int upstreamPort, long seed, Fault... faults) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.upstream = new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort);
    this.faults = List.of(faults);
    this.random = new Random(seed);
    threads.execute(this::acceptLoop);
  }

  public int port() {
    return server.getLocalPort();
  }

  public int connections() {
    return connections.get();
  }

  /** Drops every open connection now and refuses new ones until {@link #restore()}. */
  public void cut() {
    cut = true;
    open.forEach(FaultyTcpProxy::closeQuietly);
  }

  public void restore() {
    cut = false;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (cut) {
          closeQuietly(client);
          continue;
        }
        Fault fault = faults.get(connections.getAndIncrement() % faults.size());
        long seed;
        synchronized (random) {
          seed = random.nextLong();
        }
        threads.execute(() -> serve(client, fault, new Random(seed)));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client, Fault fault, Random random) {
    open.add(client);
    try (client) {
      client.setTcpNoDelay(true);
      if (fault.silent()) {
        drain(client.getInputStream());
      } else if (fault.replaceWith() != null) {
        client.getInputStream().read(new byte[4096]);
        client.getOutputStream().write(fault.replaceWith());
      } else {
        relayBothWays(client, fault, random);
      }
    } catch (IOException | InterruptedException e) {
      // the client or the upstream went away (or the link was cut): nothing left to relay
    } finally {
      open.remove(client);
    }
  }

  private void relayBothWays(Socket client, Fault fault, Random random) throws IOException, InterruptedException {
    Socket server = new Socket();
    open.add(server);
    try (server) {
      server.connect(upstream, 1000);
      server.setTcpNoDelay(true);
      CountDownLatch done = new CountDownLatch(1);
      threads.execute(() -> {
        relay(client, server, fault, random, true);
        done.countDown();
      });
      relay(server, client, fault, random, false);
      closeQuietly(client); // either direction ending ends both
      closeQuietly(server);
      done.await();
    } finally {
      open.remove(server);
    }
  }

  /** Copies {@code from} to {@code to} in chunks, applying the fault; returns when either side is done. */
  private void relay(Socket from, Socket to, Fault fault, Random random, boolean request) {
    byte[] buffer = new byte[fault.trickleBytes() > 0 && !request ? fault.trickleBytes() : 512];
    long relayed = 0;
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      for (int n; (n = in.read(buffer)) > 0; relayed += n) {
        if (request && fault.resetsRequest()) {
          reset(from);
          return;
        }
        if (!request && fault.resetAfterBytes() >= 0 && relayed + n > fault.resetAfterBytes()) {
          out.write(buffer, 0, (int) (fault.resetAfterBytes() - relayed));
          reset(to);
          return;
        }
        if (!request && fault.stallAfterBytes() >= 0 && relayed + n > fault.stallAfterBytes()) {
          out.write(buffer, 0, (int) (fault.stallAfterBytes() - relayed));
          out.flush();
          drain(to.getInputStream()); // hold the connection until the client gives up
          return;
        }
        if (random.nextDouble() < fault.pausedShare()) Thread.sleep(200 + random.nextInt(400));
        if (!request && fault.trickleMillis() > 0) Thread.sleep(fault.trickleMillis());
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // closed by the other direction, the client or the test
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void drain(InputStream in) throws IOException {
    byte[] sink = new byte[4096];
    while (in.read(sink) >= 0) {
      Arrays.fill(sink, (byte) 0);
    }
  }

  private static void reset(Socket socket) throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    cut();
    threads.shutdownNow();
  }
}
