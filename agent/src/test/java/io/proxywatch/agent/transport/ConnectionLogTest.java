package io.proxywatch.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class ConnectionLogTest {
  @Test
  void refusalsAndTlsFailures_needAHuman_otherFailuresAreTransient() {
    assertThat(ConnectionLog.classify(Status.UNAUTHENTICATED)).isEqualTo(ConnectionLog.Failure.REFUSED);
    assertThat(ConnectionLog.classify(Status.PERMISSION_DENIED)).isEqualTo(ConnectionLog.Failure.REFUSED);
    SSLHandshakeException handshake = new SSLHandshakeException("PKIX path building failed");
    handshake.initCause(new CertificateException("unknown issuer"));
    assertThat(ConnectionLog.classify(Status.UNAVAILABLE.withCause(new RuntimeException(handshake))))
        .isEqualTo(ConnectionLog.Failure.TLS);
    assertThat(ConnectionLog.classify(Status.UNAVAILABLE.withDescription("connection refused")))
        .isEqualTo(ConnectionLog.Failure.OTHER);
  }

  @Test
  void describe_keepsTheFirstLineOfTheDescription() {
    Status status = Status.UNAVAILABLE.withDescription("io exception\nChannel Pipeline: [SslHandler#0]");
    assertThat(CollectorClient.describe(status)).isEqualTo("UNAVAILABLE (io exception)");
  }
}
