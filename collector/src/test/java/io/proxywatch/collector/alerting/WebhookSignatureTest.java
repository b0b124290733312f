package io.proxywatch.collector.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
  static final Clock NOW = Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC);
  static final String TS = "1800000000";
  static final String BODY = "{\"event\":\"firing\"}";

  static boolean verify(String secret, String timestamp, String body, String header) {
    return WebhookSignature.verify(secret, timestamp, body, header, Duration.ofMinutes(5), NOW);
  }

  @Test
  void signature_verifiesWithTheSameSecretOnly() {
    String header = WebhookSignature.sign("s3cret", TS, BODY);
    assertThat(header).matches("v1=[0-9a-f]{64}");
    assertThat(verify("s3cret", TS, BODY, header)).isTrue();
    assertThat(verify("other", TS, BODY, header)).isFalse();
  }

  @Test
  void tamperedBodyOrTimestamp_fails() {
    String header = WebhookSignature.sign("s3cret", TS, BODY);
    assertThat(verify("s3cret", TS, BODY.replace("firing", "resolved"), header)).isFalse();
    assertThat(verify("s3cret", "1800000001", BODY, header)).isFalse();
  }

  @Test
  void timestampOutsideTheTolerance_fails() {
    String old = String.valueOf(1_800_000_000L - 301);
    assertThat(verify("s3cret", old, BODY, WebhookSignature.sign("s3cret", old, BODY))).isFalse();
    String skewed = String.valueOf(1_800_000_000L + 299);
    assertThat(verify("s3cret", skewed, BODY, WebhookSignature.sign("s3cret", skewed, BODY))).isTrue();
  }

  @Test
  void malformedInput_failsWithoutThrowing() {
    assertThat(verify("s3cret", TS, BODY, "v1=zz")).isFalse();
    assertThat(verify("s3cret", TS, BODY, "sha256=abc")).isFalse();
    assertThat(verify("s3cret", "soon", BODY, WebhookSignature.sign("s3cret", "soon", BODY))).isFalse();
    assertThat(verify("", TS, BODY, "v1=00")).isFalse();
    assertThat(verify("s3cret", TS, BODY, null)).isFalse();
  }

  @Test
  void anyOfSeveralSignatures_matches_duringASecretRotation() {
    String header = WebhookSignature.sign("old", TS, BODY) + ", " + WebhookSignature.sign("new", TS, BODY);
    assertThat(verify("new", TS, BODY, header)).isTrue();
    assertThat(verify("old", TS, BODY, header)).isTrue();
  }
}
