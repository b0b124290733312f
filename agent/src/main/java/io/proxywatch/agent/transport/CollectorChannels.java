package io.proxywatch.agent.transport;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.util.concurrent.TimeUnit;

/**
 * The one place the channel to the collector is built. Plaintext for now; TLS and per-agent tokens will
 * change only this class.
 *
 * <p>Keepalive pings every 30 s, also without calls, so a dead link is noticed on an idle stream. The
 * collector must permit that (grpc-java servers refuse pings more often than every 5 minutes unless
 * {@code permitKeepAliveTime} and {@code permitKeepAliveWithoutCalls} say otherwise).
 */
public final class CollectorChannels {
  static final long KEEPALIVE_SECONDS = 30;
  static final long KEEPALIVE_TIMEOUT_SECONDS = 10;

  private CollectorChannels() {}

  /** A channel to {@code target} ("host:port"). */
  public static ManagedChannel open(String target) {
    return Grpc.newChannelBuilder(target, InsecureChannelCredentials.create())
        .keepAliveTime(KEEPALIVE_SECONDS, TimeUnit.SECONDS)
        .keepAliveTimeout(KEEPALIVE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .keepAliveWithoutCalls(true)
        .build();
  }
}
