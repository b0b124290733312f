package io.proxywatch.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SizesTest {
  @Test
  void parsesBytesAndBinaryUnits() {
    assertThat(Sizes.parse("1048576")).isEqualTo(1 << 20);
    assertThat(Sizes.parse("512KiB")).isEqualTo(512 << 10);
    assertThat(Sizes.parse("16MiB")).isEqualTo(16 << 20);
    assertThat(Sizes.parse("1GiB")).isEqualTo(1L << 30);
    assertThatThrownBy(() -> Sizes.parse("lots")).isInstanceOf(IllegalArgumentException.class);
  }
}
