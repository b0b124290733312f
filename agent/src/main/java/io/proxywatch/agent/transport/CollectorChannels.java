package io.proxywatch.agent.transport;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import io.proxywatch.agent.probe.TrustMaterial;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place the channel to the collector is built: plaintext, or TLS that always verifies the
 * collector's certificate and host name (gRPC's default; there is no switch to turn it off), optionally
 * with a client certificate.
 *
 * <p>Keepalive pings every 30 s, also without calls, so a dead link is noticed on an idle stream. The
 * collector must permit that (grpc-java servers refuse pings more often than every 5 minutes unless
 * {@code permitKeepAliveTime} and {@code permitKeepAliveWithoutCalls} say otherwise).
 */
public final class CollectorChannels {
  static final int MAX_INBOUND_BYTES = 64 << 20;
  private static final Logger logger = LoggerFactory.getLogger(CollectorChannels.class);
  static final long KEEPALIVE_SECONDS = 30;
  static final long KEEPALIVE_TIMEOUT_SECONDS = 10;
  /** How often the TLS files are re-read; grpc-util's managers take one minute at the least. */
  static final long RELOAD_MINUTES = 1;

  private CollectorChannels() {}

  /**
   * A channel to {@code target}; IllegalArgumentException naming the option if its TLS files are unusable. The
   * files of --collector-ca and --client-cert/--client-key are checked for changes every minute on
   * {@code reloads}, and a reconnect uses what they hold then: a client certificate renewed on disk (cert-manager
   * rewriting a mounted Secret) is presented without restarting the agent.
   */
  public static ManagedChannel open(CollectorTarget target, ScheduledExecutorService reloads) {
    NettyChannelBuilder builder = NettyChannelBuilder.forTarget(target.hostPort());
    if (target.tls()) {
      sslContext(target); // the checks and messages of the command line
      builder.sslContext(reloadingSslContext(target, reloads));
    } else {
      builder.usePlaintext();
      if (!isLoopback(target.host())) {
        logger.warn("the connection to collector {} is plaintext and leaves this host: samples and the agent "
            + "token travel unencrypted; use --collector-tls or --collector-ca", target.hostPort());
      }
    }
    return builder.keepAliveTime(KEEPALIVE_SECONDS, TimeUnit.SECONDS)
        .keepAliveTimeout(KEEPALIVE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .keepAliveWithoutCalls(true)
        // A TargetSet at its limit (100,000 targets of about 100 bytes) is far above gRPC's 4 MiB default.
        .maxInboundMessageSize(MAX_INBOUND_BYTES)
        .build();
  }

  /**
   * The client TLS context; IllegalArgumentException naming the option and the file that is wrong. The
   * command line calls it up front so that a bad file is a usage error.
   */
  public static SslContext sslContext(CollectorTarget target) {
    SslContextBuilder ssl = GrpcSslContexts.forClient();
    if (target.ca() != null) {
      named("--collector-ca", () -> TrustMaterial.readPem(target.ca()));
      ssl.trustManager(target.ca().toFile());
    }
    if (target.clientCert() != null) {
      named("--client-cert", () -> TrustMaterial.readPem(target.clientCert()));
      try {
        ssl.keyManager(target.clientCert().toFile(), target.clientKey().toFile());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--client-key: expected a PEM PKCS#8 private key (BEGIN PRIVATE KEY) "
            + "for --client-cert, got \"" + target.clientKey() + "\": " + rootMessage(e), e);
      }
    }
    try {
      return ssl.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("--client-key: cannot use \"" + target.clientKey() + "\" with --client-cert \""
          + target.clientCert() + "\": " + rootMessage(e), e);
    }
  }

  /** Like sslContext, with grpc-util's key and trust managers that re-read their files every minute. */
  static SslContext reloadingSslContext(CollectorTarget target, ScheduledExecutorService reloads) {
    SslContextBuilder ssl = GrpcSslContexts.forClient();
    try {
      if (target.ca() != null) {
        AdvancedTlsX509TrustManager trust = AdvancedTlsX509TrustManager.newBuilder()
            .setVerification(AdvancedTlsX509TrustManager.Verification.CERTIFICATE_AND_HOST_NAME_VERIFICATION).build();
        trust.updateTrustCredentials(target.ca().toFile(), RELOAD_MINUTES, TimeUnit.MINUTES, reloads);
        ssl.trustManager(trust);
      }
      if (target.clientCert() != null) {
        AdvancedTlsX509KeyManager keys = new AdvancedTlsX509KeyManager();
        keys.updateIdentityCredentials(target.clientCert().toFile(), target.clientKey().toFile(), RELOAD_MINUTES,
            TimeUnit.MINUTES, reloads);
        ssl.keyManager(keys);
      }
      return ssl.build();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("--collector-ca / --client-cert / --client-key: cannot load "
          + (target.clientCert() != null ? "\"" + target.clientCert() + "\" and \"" + target.clientKey() + "\"" : "")
          + (target.ca() != null ? " \"" + target.ca() + "\"" : "") + ": " + rootMessage(e), e);
    }
  }

  private static void named(String option, Runnable check) {
    try {
      check.run();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
    }
  }

  /** localhost or a loopback IP literal; a DNS name is never resolved here. */
  static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) return true;
    if (!host.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) return false;
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) root = root.getCause();
    return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
  }
}
