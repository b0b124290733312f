package io.proxywatch.collector.ingest;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** The ingest gRPC server with the limits and keepalive rules agents are built for. */
public final class GrpcServer implements AutoCloseable {
  static final int MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

  private final Server server;

  private GrpcServer(Server server) {
    this.server = server;
  }

  public static GrpcServer start(String host, int port, BindableService service) throws IOException {
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
        .addService(service)
        .maxInboundMessageSize(MAX_MESSAGE_BYTES)
        .maxInboundMetadataSize(16 * 1024)
        .keepAliveTime(60, TimeUnit.SECONDS)
        .keepAliveTimeout(20, TimeUnit.SECONDS)
        .permitKeepAliveTime(10, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true)
        .handshakeTimeout(20, TimeUnit.SECONDS)
        .build()
        .start();
    return new GrpcServer(server);
  }

  public int port() {
    return server.getPort();
  }

  /** Stops accepting streams, gives open ones a moment to finish, then cuts them. */
  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
