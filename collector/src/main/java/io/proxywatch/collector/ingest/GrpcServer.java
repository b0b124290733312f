package io.proxywatch.collector.ingest;

import io.grpc.BindableService;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.proxywatch.collector.auth.ServerTls;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The ingest gRPC server with the limits and keepalive rules agents are built for, plus {@code grpc.health.v1} (the
 * whole server, service name "", follows {@link #serving}) and server reflection. Connections are closed after a
 * maximum age (with a grace for the streams on them), so reconnecting agents spread over replicas added since.
 */
public final class GrpcServer implements AutoCloseable {
  static final int MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

  private final Server server;
  private final HealthStatusManager health;

  private GrpcServer(Server server, HealthStatusManager health) {
    this.server = server;
    this.health = health;
  }

  /** Starts the server; with an interceptor (agent tokens) and TLS when they are given. */
  public static GrpcServer start(String host, int port, BindableService service, Optional<ServerInterceptor> auth,
                                 Optional<ServerTls> tls, Duration maxConnectionAge, Duration maxConnectionAgeGrace)
      throws IOException {
    HealthStatusManager health = new HealthStatusManager();
    health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.NOT_SERVING);
    NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
        .addService(auth.isPresent()
            ? ServerInterceptors.intercept(LenientMessages.lenient(service.bindService()), auth.get())
            : LenientMessages.lenient(service.bindService()))
        .addService(health.getHealthService())
        .addService(ProtoReflectionServiceV1.newInstance());
    if (tls.isPresent()) builder.sslContext(sslContext(tls.get()));
    Server server = builder
        .maxInboundMessageSize(MAX_MESSAGE_BYTES)
        .maxInboundMetadataSize(16 * 1024)
        .keepAliveTime(60, TimeUnit.SECONDS)
        .keepAliveTimeout(20, TimeUnit.SECONDS)
        .permitKeepAliveTime(10, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true)
        .handshakeTimeout(20, TimeUnit.SECONDS)
        .maxConnectionAge(maxConnectionAge.toMillis(), TimeUnit.MILLISECONDS)
        .maxConnectionAgeGrace(maxConnectionAgeGrace.toMillis(), TimeUnit.MILLISECONDS)
        .build()
        .start();
    return new GrpcServer(server, health);
  }

  /** The key manager (and client CA) of ServerTls are asked at every handshake, so a reloaded certificate applies. */
  private static SslContext sslContext(ServerTls tls) throws IOException {
    SslContextBuilder ssl = GrpcSslContexts.configure(SslContextBuilder.forServer(tls.keyManager()));
    tls.clientTrust().ifPresent(trust -> ssl.trustManager(trust).clientAuth(ClientAuth.REQUIRE));
    return ssl.build();
  }

  /** What grpc.health.v1 answers for the whole server: SERVING while ready. */
  public void serving(boolean ready) {
    health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ready ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
  }

  public int port() {
    return server.getPort();
  }

  /** Stops accepting streams, gives open ones a moment to finish, then cuts them. */
  @Override
  public void close() {
    health.enterTerminalState();
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
