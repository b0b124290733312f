package io.proxywatch.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxywatch.proto.v1.ErrorClass;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.SocketException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class ProbeFailureTest {
  @Test
  void classifiesByCauseAndPhase() {
    assertThat(cls(new UnknownHostException("proxy.golang.org"), Phase.DNS)).isEqualTo(ErrorClass.ERROR_CLASS_DNS);
    assertThat(cls(new ConnectException("Connection refused"), Phase.CONNECT)).isEqualTo(ErrorClass.ERROR_CLASS_CONNECT);
    assertThat(cls(new SSLHandshakeException("PKIX path building failed"), Phase.TLS)).isEqualTo(ErrorClass.ERROR_CLASS_TLS);
    assertThat(cls(new SocketException("Connection reset"), Phase.FIRST_BYTE)).isEqualTo(ErrorClass.ERROR_CLASS_CONNECT);
    assertThat(cls(new ProtocolException("Unexpected status line: x"), Phase.FIRST_BYTE)).isEqualTo(ErrorClass.ERROR_CLASS_HTTP);
    assertThat(cls(new IOException("unexpected end of stream", new EOFException()), Phase.FIRST_BYTE))
        .isEqualTo(ErrorClass.ERROR_CLASS_HTTP);
    assertThat(cls(new ProtocolException("unexpected end of stream"), Phase.BODY)).isEqualTo(ErrorClass.ERROR_CLASS_PROTOCOL);
    assertThat(cls(new BodyTooLargeException(10), Phase.BODY)).isEqualTo(ErrorClass.ERROR_CLASS_PROTOCOL);
  }

  @Test
  void aTimeout_namesThePhase() {
    ProbeFailure f = ProbeFailure.of(new InterruptedIOException("timeout"), Phase.FIRST_BYTE, false, 5000);
    assertThat(f.errorClass()).isEqualTo(ErrorClass.ERROR_CLASS_TIMEOUT);
    assertThat(f.message()).isEqualTo("timeout after 5000 ms waiting for first byte");

    ProbeFailure cancelled = ProbeFailure.of(new SocketException("Socket closed"), Phase.TLS, true, 70000);
    assertThat(cancelled.message()).isEqualTo("timeout after 70000 ms in TLS handshake");
    assertThat(ProbeFailure.of(new IOException("x"), Phase.DNS, true, 1).message()).endsWith("resolving DNS");
  }

  @Test
  void messages_chainCauses_andAreCapped() {
    IOException e = new IOException("outer", new ConnectException("inner"));
    assertThat(ProbeFailure.of(e, Phase.CONNECT, false, 1).message()).isEqualTo("outer: inner");
    assertThat(ProbeFailure.of(new IOException("y".repeat(5000)), Phase.CONNECT, false, 1).message()).hasSize(1024);
  }

  private static ErrorClass cls(Exception e, Phase phase) {
    return ProbeFailure.of(e, phase, false, 1000).errorClass();
  }
}
