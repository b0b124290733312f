package io.proxywatch.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {
  @ParameterizedTest
  @CsvSource({"500ms, 500", "90s, 90000", "1h30m, 5400000", "1d, 86400000", "2d12h, 216000000", "0s, 0",
      "1m10s, 70000", "1s500ms, 1500", "' 30s ', 30000", "1d1h1m1s1ms, 90061001", "90m, 5400000"})
  void parse_readsGoStyleDurations(String text, long millis) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''|expected a duration like 500ms, 90s, 1h30m or 1d, got \"\"",
      "90|expected a duration like 500ms, 90s, 1h30m or 1d, got \"90\"",
      "1h1h|expected a duration like 500ms, 90s, 1h30m or 1d, got \"1h1h\"",
      "30m1h|expected a duration like 500ms, 90s, 1h30m or 1d, got \"30m1h\"",
      "5w|expected a duration like 500ms, 90s, 1h30m or 1d, got \"5w\"",
      "1.5h|expected a duration like 500ms, 90s, 1h30m or 1d, got \"1.5h\"",
      "1H|expected a duration like 500ms, 90s, 1h30m or 1d, got \"1H\"",
      "1h 30m|expected a duration like 500ms, 90s, 1h30m or 1d, got \"1h 30m\"",
      "-1s|expected a duration >= 0s, got \"-1s\"",
      "999999999d|expected a duration of at most 106751d23h47m16s854ms, got \"999999999d\"",
      "99999999999999999999s|expected a duration of at most 106751d23h47m16s854ms, got \"99999999999999999999s\""})
  void parse_rejectsWithTheReason(String text, String message) {
    assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void parse_rejectsNull() {
    assertThatThrownBy(() -> Durations.parse(null)).hasMessage("expected a duration like 500ms, 90s, 1h30m or 1d, got \"\"");
  }

  @ParameterizedTest
  @CsvSource({"0, 0s", "500, 500ms", "30000, 30s", "70000, 1m10s", "5400000, 1h30m", "86400000, 1d",
      "216000000, 2d12h", "1500, 1s500ms"})
  void format_writesTheCanonicalForm_whichParsesBack(long millis, String text) {
    assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @Test
  void parseBetween_namesTheRange() {
    assertThat(Durations.parseBetween("1d", Duration.ofSeconds(1), Duration.ofDays(1))).isEqualTo(Duration.ofDays(1));
    assertThatThrownBy(() -> Durations.parseBetween("100ms", Duration.ofSeconds(1), Duration.ofDays(1)))
        .hasMessage("expected a duration from 1s to 1d, got \"100ms\"");
    assertThatThrownBy(() -> Durations.parseAtLeast("0s", Duration.ofSeconds(1)))
        .hasMessage("expected a duration >= 1s, got \"0s\"");
    assertThatThrownBy(() -> Durations.parseAtLeast("soon", Duration.ofSeconds(1)))
        .hasMessage("expected a duration like 500ms, 90s, 1h30m or 1d, got \"soon\"");
  }
}
