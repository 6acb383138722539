package dev.codexpar.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputTailTest {
  private static void write(OutputTail tail, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    tail.write(bytes, 0, bytes.length);
  }

  @Test
  void keepsEverythingUpToItsCapacity() {
    OutputTail tail = new OutputTail(8);
    write(tail, "abc");
    write(tail, "defgh");

    assertThat(tail.text()).isEqualTo("abcdefgh");
    assertThat(tail.written()).isEqualTo(8);
  }

  @Test
  void keepsTheLastBytesOfManySmallAndOneLongWrite() {
    OutputTail small = new OutputTail(4);
    for (char c = 'a'; c <= 'j'; c++) {
      write(small, String.valueOf(c));
    }
    OutputTail big = new OutputTail(4);
    write(big, "xy");
    write(big, "abcdefghij");

    assertThat(small.text()).isEqualTo("ghij");
    assertThat(big.text()).isEqualTo("ghij");
    assertThat(big.written()).isEqualTo(12);
  }

  @Test
  void neverStartsInsideACharacter() {
    OutputTail tail = new OutputTail(5);
    // 1 + 2 + 4 bytes: the last 5 begin with the second byte of "é", which is dropped
    write(tail, "aé😀");

    assertThat(tail.text()).isEqualTo("😀");
  }
}
