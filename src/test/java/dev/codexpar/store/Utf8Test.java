package dev.codexpar.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Cuts never split a character: 2-byte é, 3-byte €, 4-byte 😀. */
class Utf8Test {
  @Test
  void aCutInsideATwoByteCharacterEndsBeforeIt() {
    byte[] bytes = "aé".getBytes(StandardCharsets.UTF_8); // 61 c3 a9
    assertThat(Utf8.boundary(bytes, 0, 2)).isEqualTo(1);
    assertThat(Utf8.cut(bytes, 2)).isEqualTo("a");
    assertThat(Utf8.cut(bytes, 3)).isEqualTo("aé");
  }

  @Test
  void aCutInsideAThreeByteCharacterEndsBeforeIt() {
    byte[] bytes = "a€b".getBytes(StandardCharsets.UTF_8); // 61 e2 82 ac 62
    assertThat(Utf8.boundary(bytes, 0, 2)).isEqualTo(1);
    assertThat(Utf8.boundary(bytes, 0, 3)).isEqualTo(1);
    assertThat(Utf8.boundary(bytes, 0, 4)).isEqualTo(4);
  }

  @Test
  void aCutInsideAFourByteCharacterEndsBeforeIt() {
    byte[] bytes = "a😀b".getBytes(StandardCharsets.UTF_8); // 61 f0 9f 98 80 62
    for (int limit = 2; limit <= 4; limit++) {
      assertThat(Utf8.boundary(bytes, 0, limit)).as("limit %d", limit).isEqualTo(1);
    }
    assertThat(Utf8.cut(bytes, 5)).isEqualTo("a😀");
  }

  @Test
  void aLimitSmallerThanOneCharacterTakesThatCharacterWhole() {
    byte[] bytes = "😀€".getBytes(StandardCharsets.UTF_8);
    assertThat(Utf8.boundary(bytes, 0, 1)).isEqualTo(4);
    assertThat(Utf8.boundary(bytes, 4, 2)).isEqualTo(7);
    assertThat(Utf8.cut("é".getBytes(StandardCharsets.UTF_8), 1)).isEqualTo("é");
  }
}
